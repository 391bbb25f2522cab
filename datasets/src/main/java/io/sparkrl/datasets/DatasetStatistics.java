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
  private final FeatureStatistics observations;
  private final FeatureStatistics returns = new FeatureStatistics(1);
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
    this.observations = new FeatureStatistics(shape.isImage() ? 1 : shape.size());
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
    addObservations(episode);
    returns.add(new double[] {episodeReturn}, 0);
    episodes++;
    rows += n;
    transitions += transitionCount;
    return this;
  }

  // Images get one statistic over every pixel of every frame; vectors one per feature.
  private void addObservations(Episode episode) {
    if (episode.shape().isImage()) {
      double[] pixel = new double[1];
      for (byte b : episode.imageData()) {
        pixel[0] = b & 0xFF;
        observations.add(pixel, 0);
      }
    } else {
      float[] data = episode.vectorData();
      int size = episode.shape().size();
      for (int t = 0; t < episode.length(); t++) {
        observations.add(data, t * size);
      }
    }
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
    return new DatasetManifest.FeatureStatistics(
        boxed(observations.mean()),
        boxed(observations.populationStd()),
        boxed(observations.min()),
        boxed(observations.max()));
  }

  /** Episode-return statistics, or null before the first episode. */
  public DatasetManifest.ScalarStatistics returnStatistics() {
    if (episodes == 0) {
      return null;
    }
    return new DatasetManifest.ScalarStatistics(
        returns.mean()[0], returns.populationStd()[0], returns.min()[0], returns.max()[0]);
  }

  private static List<Double> boxed(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return out;
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
}
