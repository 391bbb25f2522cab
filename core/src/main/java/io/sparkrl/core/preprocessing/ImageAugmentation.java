package io.sparkrl.core.preprocessing;

import java.util.random.RandomGenerator;

/** Base of the image augmentations: checks the shape and augments each sample in turn. */
abstract class ImageAugmentation implements ObservationAugmentation {

  private static final long serialVersionUID = 1L;

  private final String name;

  ImageAugmentation(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public void checkShape(int[] shape) {
    AugmentationSupport.requireImage(name, shape);
  }

  @Override
  public final void apply(float[] batch, int rows, int[] shape, RandomGenerator rng) {
    checkShape(shape);
    int size = AugmentationSupport.rowSize(name, batch, rows, shape);
    float[] scratch = new float[size];
    for (int r = 0; r < rows; r++) {
      applySample(batch, r * size, shape[0], shape[1], shape[2], scratch, rng);
    }
  }

  /**
   * Augments the C×H×W sample at {@code offset}; {@code scratch} holds one sample's worth of values
   * for implementations that need a copy.
   */
  abstract void applySample(
      float[] batch, int offset, int c, int h, int w, float[] scratch, RandomGenerator rng);

  @Override
  public String toString() {
    return name;
  }
}
