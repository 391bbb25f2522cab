package io.sparkrl.core.preprocessing;

import io.sparkrl.core.config.FittedArray;
import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.config.ScalerType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * d3rlpy's {@code min_max} scaler: {@code (x − min) / (max − min)} per feature. A feature with
 * {@code max == min} uses a range of 1 (see {@link AffineScaler}), so it maps to 0 on the training
 * data rather than NaN.
 */
public final class MinMaxScaler extends AffineScaler {

  private static final long serialVersionUID = 1L;

  private final double[] minimum;
  private final double[] maximum;

  /**
   * A scaler with per-feature {@code minimum} and {@code maximum} (row-major over {@code
   * frameDims}), applied to each of {@code nFrames} stacked frames.
   *
   * @throws IllegalArgumentException if the lengths disagree with the shape or a maximum is below
   *     its minimum
   */
  public MinMaxScaler(int[] frameDims, double[] minimum, double[] maximum, int nFrames) {
    super("min_max", frameDims, nFrames, minimum, ranges(minimum, maximum));
    this.minimum = minimum.clone();
    this.maximum = maximum.clone();
  }

  private static double[] ranges(double[] minimum, double[] maximum) {
    if (minimum.length != maximum.length) {
      throw new IllegalArgumentException(
          "scaler min_max: " + minimum.length + " minima but " + maximum.length + " maxima");
    }
    double[] range = new double[minimum.length];
    for (int j = 0; j < range.length; j++) {
      range[j] = maximum[j] - minimum[j];
      if (!(range[j] >= 0)) {
        throw new IllegalArgumentException(
            "scaler min_max: maximum "
                + maximum[j]
                + " is below minimum "
                + minimum[j]
                + " at feature "
                + j);
      }
    }
    return range;
  }

  /** Per-feature minima of one frame. */
  public double[] minimum() {
    return minimum.clone();
  }

  /** Per-feature maxima of one frame. */
  public double[] maximum() {
    return maximum.clone();
  }

  @Override
  public ScalerSpec toSpec() {
    Map<String, FittedArray> params = new LinkedHashMap<>();
    params.put("minimum", fitted(minimum));
    params.put("maximum", fitted(maximum));
    return new ScalerSpec(ScalerType.MIN_MAX, params);
  }

  @Override
  public String toString() {
    return "MinMaxScaler" + java.util.Arrays.toString(frameDims()) + "x" + nFrames();
  }
}
