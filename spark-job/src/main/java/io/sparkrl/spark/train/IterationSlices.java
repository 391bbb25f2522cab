package io.sparkrl.spark.train;

import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.spark.train.BatchAssignment.Place;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Cuts stage 1's {@link TrainingBlock} into the {@link IterationSlice}s of one round: every used
 * transition is sent to its worker's partition (partition w holds worker w's shares of every
 * iteration of the round) and put at its row. One shuffle per round; nothing reaches the driver.
 */
public final class IterationSlices {

  private IterationSlices() {}

  /**
   * The round's slices, partition w holding worker w's slices in iteration order.
   *
   * @param rows stage 1's rows (every transition of the dataset exactly once)
   * @param assignment the round, broadcast (when evaluated, an IllegalStateException inside Spark's
   *     exception if a share misses rows or gets one twice: the rows do not cover the dataset)
   */
  public static JavaRDD<IterationSlice> build(
      JavaRDD<TrainingBlock> rows, Broadcast<BatchAssignment> assignment) {
    int workers = assignment.value().workers();
    JavaPairRDD<Integer, SliceRow> placed =
        rows.flatMapToPair(block -> place(block, assignment.value()).iterator());
    return placed
        .partitionBy(new WorkerPartitioner(workers))
        .mapPartitions(it -> assemble(it, assignment.value()), true);
  }

  private static List<Tuple2<Integer, SliceRow>> place(TrainingBlock block, BatchAssignment a) {
    List<Tuple2<Integer, SliceRow>> out = new ArrayList<>();
    int rowSize = block.rowSize();
    for (int r = 0; r < block.size(); r++) {
      Place p = a.place(block.transitionIndex(r));
      if (p != null) {
        SliceRow row =
            new SliceRow(
                p.iteration(),
                p.row(),
                Arrays.copyOfRange(block.observations(), r * rowSize, (r + 1) * rowSize),
                block.actions()[r],
                block.returns()[r],
                block.baselines()[r]);
        out.add(new Tuple2<>(p.worker(), row));
      }
    }
    return out;
  }

  private static Iterator<IterationSlice> assemble(
      Iterator<Tuple2<Integer, SliceRow>> it, BatchAssignment a) {
    TreeMap<Integer, SliceBuilder> byIteration = new TreeMap<>();
    while (it.hasNext()) {
      Tuple2<Integer, SliceRow> t = it.next();
      int worker = t._1();
      SliceRow row = t._2();
      byIteration
          .computeIfAbsent(
              row.iteration, i -> new SliceBuilder(i, worker, a.shareSize(worker), row.obs.length))
          .put(row);
    }
    List<IterationSlice> out = new ArrayList<>(byIteration.size());
    for (SliceBuilder b : byIteration.values()) {
      out.add(b.build());
    }
    return out.iterator();
  }

  /** Partition w = worker w. */
  static final class WorkerPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int workers;

    WorkerPartitioner(int workers) {
      this.workers = workers;
    }

    @Override
    public int numPartitions() {
      return workers;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof WorkerPartitioner p && p.workers == workers;
    }

    @Override
    public int hashCode() {
      return workers;
    }
  }

  /** One transition on its way to its slice (a plain class: Kryo field-serialises it). */
  static final class SliceRow implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    int iteration;
    int row;
    float[] obs;
    int action;
    float ret;
    float baseline;

    SliceRow() {}

    SliceRow(int iteration, int row, float[] obs, int action, float ret, float baseline) {
      this.iteration = iteration;
      this.row = row;
      this.obs = obs;
      this.action = action;
      this.ret = ret;
      this.baseline = baseline;
    }
  }

  private static final class SliceBuilder {
    private final int iteration;
    private final int worker;
    private final int rowSize;
    private final float[] observations;
    private final int[] actions;
    private final float[] returns;
    private final float[] baselines;
    private final boolean[] filled;
    private int count;

    SliceBuilder(int iteration, int worker, int rows, int rowSize) {
      this.iteration = iteration;
      this.worker = worker;
      this.rowSize = rowSize;
      this.observations = new float[rows * rowSize];
      this.actions = new int[rows];
      this.returns = new float[rows];
      this.baselines = new float[rows];
      this.filled = new boolean[rows];
    }

    void put(SliceRow r) {
      if (filled[r.row]) {
        throw new IllegalStateException(
            "iteration " + iteration + ", worker " + worker + ": row " + r.row + " placed twice");
      }
      filled[r.row] = true;
      count++;
      System.arraycopy(r.obs, 0, observations, r.row * rowSize, rowSize);
      actions[r.row] = r.action;
      returns[r.row] = r.ret;
      baselines[r.row] = r.baseline;
    }

    IterationSlice build() {
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
      return new IterationSlice(
          iteration, worker, rowSize, observations, actions, returns, baselines, null);
    }
  }
}
