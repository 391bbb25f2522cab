package io.sparkrl.datasets;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Accumulates the statistics of {@link DatasetManifest} over episodes: {@link #add(Episode)} one
 * episode, {@link #merge(DatasetStatistics)} two partial results (e.g. from Spark partitions). The
 * result does not depend on how episodes were split between accumulators, up to rounding.
 *
 * <ul>
 *   <li>Observations: over all rows (including the bootstrap row of a cut-off episode), per feature
 *       for vectors, one overall value for images (0..255). Population std.
 *   <li>Returns: the undiscounted sum of each episode's rewards over its transitions (the last row
 *       of a cut-off episode is not a transition, so its reward is not counted).
 *   <li>Action counts: over transitions.
 * </ul>
 *
 * <p>Moments are merged with Chan et al.'s parallel update (count, mean, sum of squared
 * deviations), which stays accurate where a naive sum of squares cancels. Not thread-safe.
 */
public final class DatasetStatistics implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int[] dims;
  private final int actionSize;
  private long episodes;
  private long rows;
  private long transitions;
  private final Moments observations;
  private final Moments returns = new Moments(1);
  private final long[] actionCounts;

  /**
   * An empty accumulator for episodes of {@code shape} with {@code actionSize} discrete actions.
   */
  public DatasetStatistics(ObservationShape shape, int actionSize) {
    if (actionSize < 1) {
      throw new IllegalArgumentException("action_size must be >= 1, got " + actionSize);
    }
    this.dims = shape.dims();
    this.actionSize = actionSize;
    this.observations = new Moments(shape.isImage() ? 1 : shape.size());
    this.actionCounts = new long[actionSize];
  }

  /**
   * Adds one episode.
   *
   * @return this
   * @throws IllegalArgumentException if the episode's shape differs or an action of a transition is
   *     outside [0, actionSize)
   */
  public DatasetStatistics add(Episode episode) {
    ObservationShape shape = shape();
    if (!episode.shape().equals(shape)) {
      throw new IllegalArgumentException(
          "episode "
              + episode.id()
              + ": observation shape "
              + episode.shape()
              + " differs from the dataset's "
              + shape);
    }
    int n = episode.length();
    int transitionCount = episode.transitionCount();
    double episodeReturn = 0;
    for (int t = 0; t < transitionCount; t++) {
      int action = episode.action(t);
      if (action < 0 || action >= actionSize) {
        throw new IllegalArgumentException(
            "episode "
                + episode.id()
                + ", step "
                + t
                + ": action "
                + action
                + " is outside [0, "
                + actionSize
                + ")");
      }
      episodeReturn += episode.reward(t);
    }
    for (int t = 0; t < transitionCount; t++) {
      actionCounts[episode.action(t)]++;
    }
    observations.merge(episodeObservationMoments(episode, shape));
    Moments ret = new Moments(1);
    ret.addSingle(0, episodeReturn);
    returns.merge(ret);
    episodes++;
    rows += n;
    transitions += transitionCount;
    return this;
  }

  private static Moments episodeObservationMoments(Episode episode, ObservationShape shape) {
    int n = episode.length();
    int size = shape.size();
    if (shape.isImage()) {
      // One overall statistic over every pixel of every frame: two passes over the episode.
      byte[] frames = episode.imageData();
      Moments m = new Moments(1);
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (byte b : frames) {
        int v = b & 0xFF;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      double mean = sum / frames.length;
      double m2 = 0;
      for (byte b : frames) {
        double d = (b & 0xFF) - mean;
        m2 += d * d;
      }
      m.set(0, frames.length, mean, m2, min, max);
      return m;
    }
    Moments m = new Moments(size);
    for (int j = 0; j < size; j++) {
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int t = 0; t < n; t++) {
        double v = episode.observation(t, j);
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      double mean = sum / n;
      double m2 = 0;
      for (int t = 0; t < n; t++) {
        double d = episode.observation(t, j) - mean;
        m2 += d * d;
      }
      m.set(j, n, mean, m2, min, max);
    }
    return m;
  }

  /**
   * Adds everything {@code other} has accumulated.
   *
   * @return this
   * @throws IllegalArgumentException if the shapes or action counts differ
   */
  public DatasetStatistics merge(DatasetStatistics other) {
    if (!Arrays.equals(dims, other.dims) || actionSize != other.actionSize) {
      throw new IllegalArgumentException(
          "cannot merge statistics of shape "
              + other.shape()
              + " with "
              + other.actionSize
              + " actions into shape "
              + shape()
              + " with "
              + actionSize
              + " actions");
    }
    episodes += other.episodes;
    rows += other.rows;
    transitions += other.transitions;
    observations.merge(other.observations);
    returns.merge(other.returns);
    for (int a = 0; a < actionSize; a++) {
      actionCounts[a] += other.actionCounts[a];
    }
    return this;
  }

  public ObservationShape shape() {
    return new ObservationShape(dims);
  }

  public int actionSize() {
    return actionSize;
  }

  public long episodes() {
    return episodes;
  }

  public long rows() {
    return rows;
  }

  public long transitions() {
    return transitions;
  }

  /** Transitions per action, a copy. */
  public long[] actionCounts() {
    return actionCounts.clone();
  }

  /** Observation statistics, or null before the first episode. */
  public DatasetManifest.FeatureStatistics observationStatistics() {
    if (episodes == 0) {
      return null;
    }
    int k = observations.mean.length;
    List<Double> mean = new ArrayList<>(k);
    List<Double> std = new ArrayList<>(k);
    List<Double> min = new ArrayList<>(k);
    List<Double> max = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      mean.add(observations.mean[j]);
      std.add(observations.std(j));
      min.add(observations.min[j]);
      max.add(observations.max[j]);
    }
    return new DatasetManifest.FeatureStatistics(mean, std, min, max);
  }

  /** Episode-return statistics, or null before the first episode. */
  public DatasetManifest.ScalarStatistics returnStatistics() {
    if (episodes == 0) {
      return null;
    }
    return new DatasetManifest.ScalarStatistics(
        returns.mean[0], returns.std(0), returns.min[0], returns.max[0]);
  }

  /** The manifest of a dataset holding exactly the episodes accumulated here. */
  public DatasetManifest toManifest(String episodeIdType) {
    ObservationShape shape = shape();
    List<Long> counts = new ArrayList<>(actionSize);
    for (long c : actionCounts) {
      counts.add(c);
    }
    return new DatasetManifest(
        DatasetManifest.CURRENT_SCHEMA_VERSION,
        shape,
        shape.isImage() ? DatasetManifest.DTYPE_UINT8 : DatasetManifest.DTYPE_FLOAT32,
        actionSize,
        episodeIdType,
        episodes,
        rows,
        transitions,
        observationStatistics(),
        returnStatistics(),
        counts);
  }

  /** Count, mean, sum of squared deviations (M2), min and max of k independent variables. */
  private static final class Moments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] count;
    private final double[] mean;
    private final double[] m2;
    private final double[] min;
    private final double[] max;

    Moments(int k) {
      count = new long[k];
      mean = new double[k];
      m2 = new double[k];
      min = new double[k];
      max = new double[k];
      Arrays.fill(min, Double.POSITIVE_INFINITY);
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    void set(int j, long n, double mu, double sq, double lo, double hi) {
      count[j] = n;
      mean[j] = mu;
      m2[j] = sq;
      min[j] = lo;
      max[j] = hi;
    }

    void addSingle(int j, double value) {
      set(j, 1, value, 0, value, value);
    }

    void merge(Moments other) {
      for (int j = 0; j < count.length; j++) {
        long nb = other.count[j];
        if (nb == 0) {
          continue;
        }
        long na = count[j];
        long n = na + nb;
        double delta = other.mean[j] - mean[j];
        mean[j] += delta * ((double) nb / n);
        m2[j] += other.m2[j] + delta * delta * ((double) na * nb / n);
        count[j] = n;
        min[j] = Math.min(min[j], other.min[j]);
        max[j] = Math.max(max[j], other.max[j]);
      }
    }

    double std(int j) {
      return count[j] == 0 ? Double.NaN : Math.sqrt(m2[j] / count[j]);
    }
  }
}
