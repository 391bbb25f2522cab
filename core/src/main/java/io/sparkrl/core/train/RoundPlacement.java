package io.sparkrl.core.train;

import io.sparkrl.core.algo.EpochPermutation;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Where each transition goes in one round: the epoch's {@link EpochPermutation} puts transition i
 * at position p, which is row {@code p mod B} of iteration {@code p / B} (positions past the last
 * whole batch are not used, as in d3rlpy). In {@link ParallelMode#ITERATIONS} the whole batch of
 * iteration i is the slice of worker {@code (i − firstIteration) mod K}; in the other modes the
 * batch is cut into K contiguous shares, worker w taking rows {@code [⌊w·B/K⌋, ⌊(w+1)·B/K⌋)}.
 *
 * @param permutation the epoch's order
 * @param batchSize rows per iteration, B
 * @param workers K
 * @param mode how the workers share the work
 * @param firstIteration the round's first iteration
 * @param endIteration one past the round's last iteration
 */
public record RoundPlacement(
    EpochPermutation permutation,
    int batchSize,
    int workers,
    ParallelMode mode,
    int firstIteration,
    int endIteration)
    implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks the ranges. */
  public RoundPlacement {
    if (batchSize < 1 || workers < 1 || (mode != ParallelMode.ITERATIONS && workers > batchSize)) {
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

  /** The placement of a round of a schedule. */
  public static RoundPlacement of(
      EpochPermutation permutation, int batchSize, TrainingSchedule schedule, RoundPlan round) {
    return new RoundPlacement(
        permutation,
        batchSize,
        schedule.workers(),
        schedule.mode(),
        round.firstIteration(),
        round.endIteration());
  }

  /** The place of transition {@code index} in this round, or null if the round does not use it. */
  public Place place(long index) {
    long position = permutation.position(index);
    long iteration = position / batchSize;
    if (iteration < firstIteration || iteration >= endIteration) {
      return null;
    }
    int row = (int) (position % batchSize);
    if (mode == ParallelMode.ITERATIONS) {
      return new Place((int) iteration, (int) ((iteration - firstIteration) % workers), row);
    }
    int worker = shareOf(row);
    return new Place((int) iteration, worker, row - shareStart(worker));
  }

  /**
   * The transitions this round uses, ascending: those at the positions of its iterations, through
   * the permutation's inverse (one call per used transition, not one per transition of the epoch).
   */
  public long[] usedTransitions() {
    long from = (long) firstIteration * batchSize;
    long[] out = new long[Math.toIntExact((long) (endIteration - firstIteration) * batchSize)];
    for (int i = 0; i < out.length; i++) {
      out[i] = permutation.indexAt(from + i);
    }
    Arrays.sort(out);
    return out;
  }

  /** Rows in worker {@code w}'s slice of an iteration it has one of. */
  public int sliceRows(int w) {
    return mode == ParallelMode.ITERATIONS ? batchSize : shareStart(w + 1) - shareStart(w);
  }

  private int shareStart(int w) {
    return (int) ((long) w * batchSize / workers);
  }

  private int shareOf(int row) {
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
   * A transition's place: row {@code row} of worker {@code worker}'s slice of {@code iteration}.
   */
  public record Place(int iteration, int worker, int row) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }
}
