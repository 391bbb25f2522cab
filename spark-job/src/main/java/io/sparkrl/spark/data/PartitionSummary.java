package io.sparkrl.spark.data;

import java.io.Serial;
import java.io.Serializable;

/**
 * Counts of one partition's validated episodes: the only data that comes back to the driver when a
 * dataset is read. An {@code add} / {@code merge} aggregator; mutable, not thread-safe.
 */
public final class PartitionSummary implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private long episodesAccepted;
  private long rowsAccepted;
  private long transitions;
  private long episodesRejected;
  private long rowsRejected;

  /** Counts one outcome. */
  public PartitionSummary add(ValidatedEpisode outcome) {
    if (outcome.isAccepted()) {
      episodesAccepted++;
      rowsAccepted += outcome.rowCount();
      transitions += outcome.episode().transitionCount();
    } else {
      episodesRejected++;
      rowsRejected += outcome.rowCount();
    }
    return this;
  }

  /** Adds another partial count. */
  public PartitionSummary merge(PartitionSummary other) {
    episodesAccepted += other.episodesAccepted;
    rowsAccepted += other.rowsAccepted;
    transitions += other.transitions;
    episodesRejected += other.episodesRejected;
    rowsRejected += other.rowsRejected;
    return this;
  }

  /** Accepted episodes. */
  public long episodesAccepted() {
    return episodesAccepted;
  }

  /** Rows of accepted episodes. */
  public long rowsAccepted() {
    return rowsAccepted;
  }

  /** Transitions of accepted episodes. */
  public long transitions() {
    return transitions;
  }

  /** Rejected episodes. */
  public long episodesRejected() {
    return episodesRejected;
  }

  /** Rows of rejected episodes. */
  public long rowsRejected() {
    return rowsRejected;
  }
}
