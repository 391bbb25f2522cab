package io.sparkrl.core.preprocessing;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Shape and batch checks and random draws shared by the augmentations. */
final class AugmentationSupport {

  private AugmentationSupport() {}

  static void requireImage(String name, int[] shape) {
    if (shape == null || shape.length != 3) {
      throw new IllegalArgumentException(
          "augmentation "
              + name
              + " works on image observations [C, H, W], got shape "
              + Arrays.toString(shape));
    }
  }

  static void requireVector(String name, int[] shape) {
    if (shape == null || shape.length != 1) {
      throw new IllegalArgumentException(
          "augmentation "
              + name
              + " works on vector observations [features], got shape "
              + Arrays.toString(shape));
    }
  }

  /** Values per row; checks the batch holds {@code rows} of them. */
  static int rowSize(String name, float[] batch, int rows, int[] shape) {
    long size = 1;
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "augmentation " + name + ": bad observation shape " + Arrays.toString(shape));
      }
      size *= d;
    }
    if (rows < 0 || rows * size > batch.length) {
      throw new IllegalArgumentException(
          "augmentation "
              + name
              + ": "
              + rows
              + " rows of shape "
              + Arrays.toString(shape)
              + " need "
              + rows * size
              + " values, the batch holds "
              + batch.length);
    }
    return (int) size;
  }

  /** Uniform in [low, high); exactly {@code low} when the range is empty. */
  static double uniform(RandomGenerator rng, double low, double high) {
    return low == high ? low : low + (high - low) * rng.nextDouble();
  }
}
