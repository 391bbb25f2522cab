package io.sparkrl.datasets;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-feature count, minimum, maximum, mean and population variance, accumulated row by row
 * (Welford) and merged across partitions (Chan et al.): the one accumulator behind a dataset's
 * manifest statistics and a scaler's fit, on the driver or in a Spark aggregate. Images are treated
 * per pixel position: feature j is value j of the flat C×H×W frame.
 *
 * <p>A feature whose minimum equals its maximum reports a std of exactly 0.
 */
public final class FeatureStatistics implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int size;
  private long count;
  private final double[] mean;
  private final double[] m2;
  private final double[] min;
  private final double[] max;

  /** Empty statistics for frames of {@code size} values. */
  public FeatureStatistics(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("feature statistics: size must be >= 1, got " + size);
    }
    this.size = size;
    this.mean = new double[size];
    this.m2 = new double[size];
    this.min = new double[size];
    this.max = new double[size];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
  }

  /** Adds one frame: {@code size} values of {@code values} from {@code offset}. Returns this. */
  public FeatureStatistics add(float[] values, int offset) {
    count++;
    for (int j = 0; j < size; j++) {
      accumulate(j, values[offset + j]);
    }
    return this;
  }

  /** Adds one row of {@code size} values of {@code values} from {@code offset}. Returns this. */
  public FeatureStatistics add(double[] values, int offset) {
    count++;
    for (int j = 0; j < size; j++) {
      accumulate(j, values[offset + j]);
    }
    return this;
  }

  // Welford's update of feature j with the count already incremented.
  private void accumulate(int j, double x) {
    double delta = x - mean[j];
    mean[j] += delta / count;
    m2[j] += delta * (x - mean[j]);
    min[j] = Math.min(min[j], x);
    max[j] = Math.max(max[j], x);
  }

  /**
   * Adds every row of the episode, including the last (d3rlpy fits on all observations of each
   * episode). Returns this.
   *
   * @throws IllegalArgumentException if the episode's observation size is not {@code size}
   */
  public FeatureStatistics addEpisode(Episode episode) {
    if (episode.shape().size() != size) {
      throw new IllegalArgumentException(
          "episode "
              + episode.id()
              + ": observation shape "
              + episode.shape()
              + " does not have "
              + size
              + " values like the episodes before it");
    }
    float[] row = new float[size];
    for (int t = 0; t < episode.length(); t++) {
      episode.copyObservation(t, row, 0);
      add(row, 0);
    }
    return this;
  }

  /** Merges {@code other} into this (Chan's parallel update). Returns this. */
  public FeatureStatistics merge(FeatureStatistics other) {
    if (other.size != size) {
      throw new IllegalArgumentException(
          "feature statistics: cannot merge " + other.size + " features into " + size);
    }
    if (other.count == 0) {
      return this;
    }
    long total = count + other.count;
    for (int j = 0; j < size; j++) {
      double delta = other.mean[j] - mean[j];
      mean[j] += delta * other.count / total;
      m2[j] += other.m2[j] + delta * delta * ((double) count * other.count / total);
      min[j] = Math.min(min[j], other.min[j]);
      max[j] = Math.max(max[j], other.max[j]);
    }
    count = total;
    return this;
  }

  /** Values per frame. */
  public int size() {
    return size;
  }

  /** Frames added. */
  public long count() {
    return count;
  }

  /** Per-feature means. */
  public double[] mean() {
    return mean.clone();
  }

  /** Per-feature population standard deviations (divided by N); exactly 0 for constant features. */
  public double[] populationStd() {
    double[] std = new double[size];
    for (int j = 0; j < size; j++) {
      std[j] = min[j] == max[j] ? 0 : Math.sqrt(Math.max(0, m2[j] / count));
    }
    return std;
  }

  /** Per-feature minima (+inf before anything was added). */
  public double[] min() {
    return min.clone();
  }

  /** Per-feature maxima (−inf before anything was added). */
  public double[] max() {
    return max.clone();
  }
}
