package io.sparkrl.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Puts a round's transitions, arriving in any order, at their rows of their workers' slices ({@link
 * RoundPlacement.Place}) and checks that every row of every slice arrived exactly once. The Spark
 * job feeds it one partition's rows after the shuffle; the single-process backend feeds it every
 * row.
 */
public final class SliceAssembler {

  private final RoundPlacement placement;
  private final int rowSize;
  private final TreeMap<Long, Builder> slices = new TreeMap<>();

  /**
   * @param placement the round
   * @param rowSize values per observation row
   */
  public SliceAssembler(RoundPlacement placement, int rowSize) {
    this.placement = placement;
    this.rowSize = rowSize;
  }

  /**
   * Places one transition.
   *
   * @param place where it goes
   * @param observations the array holding its observation
   * @param offset where the observation starts in {@code observations}
   * @throws IllegalStateException if its row was placed before
   */
  public void put(
      RoundPlacement.Place place,
      float[] observations,
      int offset,
      int action,
      float ret,
      float baseline) {
    long key = ((long) place.iteration() << 32) | place.worker();
    slices
        .computeIfAbsent(
            key,
            k ->
                new Builder(place.iteration(), place.worker(), placement.sliceRows(place.worker())))
        .put(place.row(), observations, offset, action, ret, baseline);
  }

  /**
   * The slices, by iteration then worker.
   *
   * @throws IllegalStateException if a slice misses rows: the transitions did not cover the round
   */
  public List<WorkerSlice> build() {
    List<WorkerSlice> out = new ArrayList<>(slices.size());
    for (Builder b : slices.values()) {
      out.add(b.build());
    }
    return out;
  }

  private final class Builder {
    private final int iteration;
    private final int worker;
    private final float[] observations;
    private final int[] actions;
    private final float[] returns;
    private final float[] baselines;
    private final boolean[] filled;
    private int count;

    Builder(int iteration, int worker, int rows) {
      this.iteration = iteration;
      this.worker = worker;
      this.observations = new float[Math.multiplyExact(rows, rowSize)];
      this.actions = new int[rows];
      this.returns = new float[rows];
      this.baselines = new float[rows];
      this.filled = new boolean[rows];
    }

    void put(int row, float[] obs, int offset, int action, float ret, float baseline) {
      if (filled[row]) {
        throw new IllegalStateException(
            "iteration " + iteration + ", worker " + worker + ": row " + row + " placed twice");
      }
      filled[row] = true;
      count++;
      System.arraycopy(obs, offset, observations, row * rowSize, rowSize);
      actions[row] = action;
      returns[row] = ret;
      baselines[row] = baseline;
    }

    WorkerSlice build() {
      if (count != actions.length) {
        throw new IllegalStateException(
            "iteration "
                + iteration
                + ", worker "
                + worker
                + ": "
                + count
                + " of "
                + actions.length
                + " rows arrived; stage 1 did not cover every transition");
      }
      return new WorkerSlice(
          iteration, worker, rowSize, observations, actions, returns, baselines, null);
    }
  }
}
