package io.sparkrl.core.preprocessing;

import java.util.random.RandomGenerator;

/**
 * {@code horizontal_flip} (reverses the width axis) or {@code vertical_flip} (reverses the height
 * axis), each sample flipped with probability {@code probability} (kornia {@code
 * RandomHorizontalFlip} / {@code RandomVerticalFlip}).
 */
public final class ImageFlip extends ImageAugmentation {

  private static final long serialVersionUID = 1L;

  /** d3rlpy's default flip probability. */
  public static final double DEFAULT_PROBABILITY = 0.1;

  private final boolean horizontal;
  private final double probability;

  private ImageFlip(boolean horizontal, double probability) {
    super(horizontal ? "horizontal_flip" : "vertical_flip");
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "augmentation " + name() + ".probability: must be in [0, 1], got " + probability);
    }
    this.horizontal = horizontal;
    this.probability = probability;
  }

  /** Flips left-right with probability {@code probability} per sample. */
  public static ImageFlip horizontal(double probability) {
    return new ImageFlip(true, probability);
  }

  /** Flips top-bottom with probability {@code probability} per sample. */
  public static ImageFlip vertical(double probability) {
    return new ImageFlip(false, probability);
  }

  @Override
  void applySample(
      float[] batch, int offset, int c, int h, int w, float[] scratch, RandomGenerator rng) {
    if (!(rng.nextDouble() < probability)) {
      return;
    }
    for (int ch = 0; ch < c; ch++) {
      int plane = offset + ch * h * w;
      if (horizontal) {
        for (int y = 0; y < h; y++) {
          reverse(batch, plane + y * w, 1, w);
        }
      } else {
        for (int x = 0; x < w; x++) {
          reverse(batch, plane + x, w, h);
        }
      }
    }
  }

  private static void reverse(float[] a, int start, int stride, int count) {
    for (int i = 0, j = count - 1; i < j; i++, j--) {
      int p = start + i * stride;
      int q = start + j * stride;
      float tmp = a[p];
      a[p] = a[q];
      a[q] = tmp;
    }
  }
}
