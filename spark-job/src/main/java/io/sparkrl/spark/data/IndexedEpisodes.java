package io.sparkrl.spark.data;

import io.sparkrl.core.targets.IndexedEpisode;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * The accepted episodes of a dataset, globally numbered: partition i holds a contiguous range of
 * episode ids (in {@link #idOrder()}), each partition's episodes in that order, and transitions are
 * numbered episode by episode, t ascending, from 0 in partition 0 — the numbering of {@link
 * io.sparkrl.core.algo.TransitionIndex} over the episodes sorted by id. The RDD is backed by the
 * cached validated episodes; {@link #unpersist()} releases them.
 */
public final class IndexedEpisodes {

  private final JavaRDD<IndexedEpisode> episodes;
  private final JavaRDD<?> cached;
  private final long[] partitionStarts;
  private final SourceCounts counts;
  private final ObservationShape observationShape;
  private final int actionSize;
  private final EpisodeIdOrder idOrder;
  private final List<Episode> heldOut;

  IndexedEpisodes(
      JavaRDD<IndexedEpisode> episodes,
      JavaRDD<?> cached,
      long[] partitionStarts,
      SourceCounts counts,
      ObservationShape observationShape,
      int actionSize,
      EpisodeIdOrder idOrder,
      List<Episode> heldOut) {
    this.episodes = episodes;
    this.cached = cached;
    this.partitionStarts = partitionStarts.clone();
    this.counts = counts;
    this.observationShape = observationShape;
    this.actionSize = actionSize;
    this.idOrder = idOrder;
    this.heldOut = heldOut;
  }

  /**
   * The held-out episodes ({@link ReadOptions#holdout()}), on the driver, sorted by id: not in
   * {@link #episodes()}, for the dataset scorers.
   */
  public List<Episode> heldOut() {
    return heldOut;
  }

  /** The episodes with their first global transition index, sorted by id across partitions. */
  public JavaRDD<IndexedEpisode> episodes() {
    return episodes;
  }

  /**
   * Global index of the first transition of each partition, then the total: {@code numPartitions +
   * 1} ascending values, so partition i holds transitions {@code [starts[i], starts[i+1])}.
   */
  public long[] partitionStarts() {
    return partitionStarts.clone();
  }

  /** Transitions of all accepted episodes. */
  public long transitionCount() {
    return partitionStarts[partitionStarts.length - 1];
  }

  /** Accepted episodes. */
  public long episodeCount() {
    return counts.episodesAccepted();
  }

  /** Accepted, rejected (quarantined) episodes and rows, for the run's provenance. */
  public SourceCounts counts() {
    return counts;
  }

  /** Shape of one (single-frame) observation. */
  public ObservationShape observationShape() {
    return observationShape;
  }

  /** Number of discrete actions. */
  public int actionSize() {
    return actionSize;
  }

  /** The order of the episode ids the numbering follows. */
  public EpisodeIdOrder idOrder() {
    return idOrder;
  }

  /** Releases the cached validated episodes. */
  public void unpersist() {
    cached.unpersist(false);
  }

  @Override
  public String toString() {
    return "IndexedEpisodes["
        + counts
        + ", transitions "
        + transitionCount()
        + ", shape "
        + observationShape
        + ", actions "
        + actionSize
        + ", partition starts "
        + Arrays.toString(partitionStarts)
        + "]";
  }
}
