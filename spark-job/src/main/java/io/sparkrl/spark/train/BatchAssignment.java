package io.sparkrl.spark.train;

import io.sparkrl.core.algo.EpochPermutation;
import java.io.Serial;
import java.io.Serializable;

/**
 * Where a transition goes in one round of an epoch: the epoch's {@link EpochPermutation} puts
 * transition i at position p; position p is row {@code p mod batch_size} of iteration {@code p /
 * batch_size} (positions past the last whole batch are not used, as in d3rlpy); each iteration's
 * batch is cut into {@code workers} contiguous shares, worker w taking rows {@code [⌊w·B/W⌋,
 * ⌊(w+1)·B/W⌋)}. A round covers iterations {@code [firstIteration, endIteration)}: the ones that
 * share one computation of the returns.
 *
 * @param permutation the epoch's order
 * @param batchSize rows per iteration, B
 * @param workers number of workers, W ≤ B
 * @param firstIteration first iteration of the round
 * @param endIteration one past the round's last iteration, at most the epoch's batch count
 */
public record BatchAssignment(
    EpochPermutation permutation, int batchSize, int workers, int firstIteration, int endIteration)
    implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks the ranges. */
  public BatchAssignment {
    if (batchSize < 1 || workers < 1 || workers > batchSize) {
      throw new IllegalArgumentException(
          "batch_size " + batchSize + " and workers " + workers + ": need 1 <= workers <= batch");
    }
    long iterations = permutation.size() / batchSize;
    if (firstIteration < 0 || endIteration <= firstIteration || endIteration > iterations) {
      throw new IllegalArgumentException(
          "round ["
              + firstIteration
              + ", "
              + endIteration
              + ") is not inside the epoch's "
              + iterations
              + " iterations");
    }
  }

  /** The number of whole batches in an epoch of {@code transitions} transitions. */
  public static int iterationsPerEpoch(long transitions, int batchSize) {
    return (int) (transitions / batchSize);
  }

  /** The place of transition {@code index} in this round, or null if the round does not use it. */
  public Place place(long index) {
    long position = permutation.position(index);
    long iteration = position / batchSize;
    if (iteration < firstIteration || iteration >= endIteration) {
      return null;
    }
    int row = (int) (position % batchSize);
    int worker = workerOf(row);
    return new Place((int) iteration, worker, row - shareStart(worker));
  }

  /** The first batch row of worker {@code w}'s share. */
  public int shareStart(int w) {
    return (int) ((long) w * batchSize / workers);
  }

  /** The number of batch rows in worker {@code w}'s share. */
  public int shareSize(int w) {
    return shareStart(w + 1) - shareStart(w);
  }

  private int workerOf(int row) {
    int w = (int) ((long) row * workers / batchSize);
    while (shareStart(w + 1) <= row) {
      w++;
    }
    while (shareStart(w) > row) {
      w--;
    }
    return w;
  }

  /**
   * A transition's place: row {@code row} of worker {@code worker}'s share of iteration {@code
   * iteration}.
   */
  public record Place(int iteration, int worker, int row) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }
}
