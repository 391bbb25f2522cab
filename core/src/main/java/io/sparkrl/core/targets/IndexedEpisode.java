package io.sparkrl.core.targets;

import io.sparkrl.datasets.Episode;

/**
 * An accepted episode with the global index of its first transition: its transitions are numbered
 * {@code firstTransition .. firstTransition + episode.transitionCount() − 1}, t ascending, as
 * {@link io.sparkrl.core.algo.TransitionIndex} numbers them over the episodes sorted by id.
 *
 * <p>A class, not a record: Spark's Kryo sends records through Java serialisation, which {@link
 * Episode} does not support.
 */
public final class IndexedEpisode {

  private final long firstTransition;
  private final Episode episode;

  /**
   * @param firstTransition global index of transition t = 0, ≥ 0
   * @param episode the episode
   */
  public IndexedEpisode(long firstTransition, Episode episode) {
    if (firstTransition < 0) {
      throw new IllegalArgumentException(
          "episode " + episode.id() + ": first transition " + firstTransition + " is negative");
    }
    this.firstTransition = firstTransition;
    this.episode = episode;
  }

  /** Global index of transition t = 0. */
  public long firstTransition() {
    return firstTransition;
  }

  /** The episode. */
  public Episode episode() {
    return episode;
  }

  /** Global index one past the episode's last transition. */
  public long endTransition() {
    return firstTransition + episode.transitionCount();
  }

  @Override
  public String toString() {
    return "IndexedEpisode[" + firstTransition + ", " + episode + "]";
  }
}
