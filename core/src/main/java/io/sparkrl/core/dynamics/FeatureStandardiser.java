package io.sparkrl.core.dynamics;

import java.util.Arrays;

/**
 * Per-feature {@code (x − mean) / std} of vector observations, the population std; a constant
 * feature uses a divisor of 1 so that it never gives inf or NaN. The identity is mean 0, std 1.
 *
 * @param mean per-feature mean
 * @param std per-feature divisor, every value &gt; 0 and finite
 */
record FeatureStandardiser(double[] mean, double[] std) {

  FeatureStandardiser {
    if (mean.length != std.length) {
      throw new IllegalArgumentException(
          "standardiser: " + mean.length + " means for " + std.length + " stds");
    }
    for (int j = 0; j < std.length; j++) {
      if (!(std[j] > 0) || Double.isInfinite(std[j]) || !Double.isFinite(mean[j])) {
        throw new IllegalArgumentException(
            "standardiser: feature " + j + " has mean " + mean[j] + " and std " + std[j]);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** The identity on {@code features} features. */
  static FeatureStandardiser identity(int features) {
    double[] ones = new double[features];
    Arrays.fill(ones, 1.0);
    return new FeatureStandardiser(new double[features], ones);
  }

  /** Fitted on {@code rows} observations of {@code features} values, in double. */
  static FeatureStandardiser fit(float[] observations, int rows, int features) {
    double[] mean = new double[features];
    double[] std = new double[features];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < features; j++) {
        mean[j] += observations[i * features + j];
      }
    }
    for (int j = 0; j < features; j++) {
      mean[j] /= rows;
    }
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < features; j++) {
        double diff = observations[i * features + j] - mean[j];
        std[j] += diff * diff;
      }
    }
    for (int j = 0; j < features; j++) {
      double s = Math.sqrt(std[j] / rows);
      std[j] = s > 0 ? s : 1.0;
    }
    return new FeatureStandardiser(mean, std);
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  /** Number of features. */
  int features() {
    return mean.length;
  }

  /** The standardised copy of {@code rows} observations. */
  float[] scale(float[] observations, int rows) {
    int d = features();
    float[] out = new float[rows * d];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < d; j++) {
        out[i * d + j] = (float) ((observations[i * d + j] - mean[j]) / std[j]);
      }
    }
    return out;
  }

  /** Feature j of a standardised value back in observation units. */
  float unscale(double value, int j) {
    return (float) (value * std[j] + mean[j]);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureStandardiser that
        && Arrays.equals(mean, that.mean)
        && Arrays.equals(std, that.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "FeatureStandardiser[mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + "]";
  }
}
