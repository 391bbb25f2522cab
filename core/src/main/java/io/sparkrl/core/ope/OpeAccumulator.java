package io.sparkrl.core.ope;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The per-partition state of an evaluation: the summaries of the episodes seen, kept whole so the
 * bootstrap can resample episodes, plus their transition count. {@link #add} one episode's summary,
 * {@link #merge} another partition's; merging is associative and order-free up to the summaries'
 * order, which {@link #summaries()} fixes by sorting on episode id so results do not depend on
 * partitioning.
 */
public final class OpeAccumulator implements Serializable {

  private static final long serialVersionUID = 1L;

  private final ArrayList<EpisodeSummary> summaries = new ArrayList<>();
  private long transitions;

  /** Adds one episode. */
  public OpeAccumulator add(EpisodeSummary summary) {
    summaries.add(summary);
    transitions += summary.length();
    return this;
  }

  /** Adds every episode of {@code other}; {@code other} is not changed. */
  public OpeAccumulator merge(OpeAccumulator other) {
    summaries.addAll(other.summaries);
    transitions += other.transitions;
    return this;
  }

  /** Episodes added. */
  public int episodes() {
    return summaries.size();
  }

  /** Transitions over all episodes added. */
  public long transitions() {
    return transitions;
  }

  /** The summaries sorted by episode id (a stable order for the seeded bootstrap). */
  public List<EpisodeSummary> summaries() {
    List<EpisodeSummary> sorted = new ArrayList<>(summaries);
    sorted.sort((a, b) -> a.episodeId().compareTo(b.episodeId()));
    return Collections.unmodifiableList(sorted);
  }
}
