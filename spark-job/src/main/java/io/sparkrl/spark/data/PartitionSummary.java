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
  private long episodesHeldOut;
  private long transitionsHeldOut;

  /** Counts one outcome that is not held out. */
  public PartitionSummary add(ValidatedEpisode outcome) {
    return add(outcome, false);
  }

  /**
   * Counts one outcome; a held-out accepted episode counts as accepted but its transitions are not
   * among the training {@link #transitions()}.
   */
  public PartitionSummary add(ValidatedEpisode outcome, boolean heldOut) {
    if (outcome.isAccepted()) {
      episodesAccepted++;
      rowsAccepted += outcome.rowCount();
      if (heldOut) {
        episodesHeldOut++;
        transitionsHeldOut += outcome.episode().transitionCount();
      } else {
        transitions += outcome.episode().transitionCount();
      }
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
    episodesHeldOut += other.episodesHeldOut;
    transitionsHeldOut += other.transitionsHeldOut;
    return this;
  }

  /** Accepted episodes held out of training. */
  public long episodesHeldOut() {
    return episodesHeldOut;
  }

  /** Transitions of the held-out episodes. */
  public long transitionsHeldOut() {
    return transitionsHeldOut;
  }

  /** Accepted episodes. */
  public long episodesAccepted() {
    return episodesAccepted;
  }

  /** Rows of accepted episodes. */
  public long rowsAccepted() {
    return rowsAccepted;
  }

  /** Transitions of accepted episodes that are not held out: the ones training numbers. */
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
