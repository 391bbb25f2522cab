package io.sparkrl.core.preprocessing;

import java.util.random.RandomGenerator;

/**
 * {@code cutout}: kornia's {@code RandomErasing} with d3rlpy's probability and kornia's defaults.
 * With probability {@code probability} per sample, a rectangle covering a fraction of the image
 * drawn from U(0.02, 0.33) with an aspect ratio (height / width) drawn from [0.3, 1) or [1, 3.3)
 * (each half chosen with probability 1/2, as kornia 0.4 does) is set to 0 in every channel. The
 * rectangle's sides are rounded and kept within [1, H] and [1, W]; its corner is uniform among the
 * positions that fit.
 */
public final class Cutout extends ImageAugmentation {

  private static final long serialVersionUID = 1L;

  /** d3rlpy's default erasing probability. */
  public static final double DEFAULT_PROBABILITY = 0.5;

  /** kornia's default smallest erased fraction of the image. */
  public static final double MIN_AREA = 0.02;

  /** kornia's default largest erased fraction of the image. */
  public static final double MAX_AREA = 0.33;

  /** kornia's default smallest aspect ratio. */
  public static final double MIN_RATIO = 0.3;

  /** kornia's default largest aspect ratio. */
  public static final double MAX_RATIO = 3.3;

  /** kornia's default fill value. */
  public static final float FILL = 0f;

  private final double probability;

  /** Erases a rectangle with probability {@code probability} per sample. */
  public Cutout(double probability) {
    super("cutout");
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "augmentation cutout.probability: must be in [0, 1], got " + probability);
    }
    this.probability = probability;
  }

  @Override
  void applySample(
      float[] batch, int offset, int c, int h, int w, float[] scratch, RandomGenerator rng) {
    if (!(rng.nextDouble() < probability)) {
      return;
    }
    double area = AugmentationSupport.uniform(rng, MIN_AREA, MAX_AREA) * h * w;
    double ratio =
        rng.nextBoolean()
            ? AugmentationSupport.uniform(rng, MIN_RATIO, 1)
            : AugmentationSupport.uniform(rng, 1, MAX_RATIO);
    int eh = (int) Math.min(Math.max(Math.round(Math.sqrt(area * ratio)), 1), h);
    int ew = (int) Math.min(Math.max(Math.round(Math.sqrt(area / ratio)), 1), w);
    int y0 = rng.nextInt(h - eh + 1);
    int x0 = rng.nextInt(w - ew + 1);
    for (int ch = 0; ch < c; ch++) {
      for (int y = y0; y < y0 + eh; y++) {
        int row = offset + (ch * h + y) * w;
        java.util.Arrays.fill(batch, row + x0, row + x0 + ew, FILL);
      }
    }
  }
}
