package io.sparkrl.core.preprocessing;

import java.util.random.RandomGenerator;

/**
 * {@code intensity}: {@code x · (1 + scale · clip(N(0, 1), −2, 2))} with one factor per sample, so
 * the factor lies in [1 − 2·scale, 1 + 2·scale]. Multiplicative as d3rlpy's code does (its
 * docstring says {@code x + n}).
 */
public final class Intensity extends ImageAugmentation {

  private static final long serialVersionUID = 1L;

  /** d3rlpy's default {@code scale}. */
  public static final double DEFAULT_SCALE = 0.1;

  /** The standard-normal draw is clipped to ±this. */
  public static final double CLIP = 2.0;

  private final double scale;

  /** Intensity noise of standard deviation {@code scale} (before clipping). */
  public Intensity(double scale) {
    super("intensity");
    if (!(scale >= 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(
          "augmentation intensity.scale: must be finite and >= 0, got " + scale);
    }
    this.scale = scale;
  }

  @Override
  void applySample(
      float[] batch, int offset, int c, int h, int w, float[] scratch, RandomGenerator rng) {
    double noise = Math.max(-CLIP, Math.min(CLIP, rng.nextGaussian()));
    float factor = (float) (1 + scale * noise);
    for (int i = offset, end = offset + c * h * w; i < end; i++) {
      batch[i] *= factor;
    }
  }
}
