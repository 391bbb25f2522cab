package io.sparkrl.core.preprocessing;

import io.sparkrl.core.config.FittedArray;
import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.config.ScalerType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * d3rlpy's {@code standard} scaler: {@code (x − mean) / std} per feature with the population std
 * (divided by N). A feature with {@code std == 0} uses a divisor of 1 (see {@link AffineScaler}),
 * so it maps to 0 on the training data rather than NaN.
 */
public final class StandardScaler extends AffineScaler {

  private static final long serialVersionUID = 1L;

  private final double[] mean;
  private final double[] std;

  /**
   * A scaler with per-feature {@code mean} and population {@code std} (row-major over {@code
   * frameDims}), applied to each of {@code nFrames} stacked frames.
   *
   * @throws IllegalArgumentException if the lengths disagree with the shape or a std is negative
   */
  public StandardScaler(int[] frameDims, double[] mean, double[] std, int nFrames) {
    super("standard", frameDims, nFrames, mean, checkedStd(std));
    this.mean = mean.clone();
    this.std = std.clone();
  }

  private static double[] checkedStd(double[] std) {
    for (int j = 0; j < std.length; j++) {
      if (!(std[j] >= 0)) {
        throw new IllegalArgumentException(
            "scaler standard: std must be >= 0, got " + std[j] + " at feature " + j);
      }
    }
    return std;
  }

  /** Per-feature means of one frame. */
  public double[] mean() {
    return mean.clone();
  }

  /** Per-feature population standard deviations of one frame. */
  public double[] std() {
    return std.clone();
  }

  @Override
  public ScalerSpec toSpec() {
    Map<String, FittedArray> params = new LinkedHashMap<>();
    params.put("mean", fitted(mean));
    params.put("std", fitted(std));
    return new ScalerSpec(ScalerType.STANDARD, params);
  }

  @Override
  public String toString() {
    return "StandardScaler" + java.util.Arrays.toString(frameDims()) + "x" + nFrames();
  }
}
