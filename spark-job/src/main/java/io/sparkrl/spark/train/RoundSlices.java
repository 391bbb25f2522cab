package io.sparkrl.spark.train;

import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.core.train.RoundPlacement;
import io.sparkrl.core.train.SliceAssembler;
import io.sparkrl.core.train.WorkerSlice;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Cuts stage 1's {@link TrainingBlock}s into one round's {@link WorkerSlice}s: every transition the
 * round uses is sent to its worker's partition (partition w holds worker w's slices of the round)
 * and put at its row by core's {@link SliceAssembler}. One shuffle per round; nothing reaches the
 * driver.
 */
final class RoundSlices {

  private RoundSlices() {}

  /**
   * The round's slices, partition w holding worker w's slices in iteration order.
   *
   * @param blocks stage 1's rows (every transition of the dataset exactly once)
   * @param placement the round, broadcast
   * @param rowSize values per observation row
   */
  static JavaRDD<WorkerSlice> build(
      JavaRDD<TrainingBlock> blocks, Broadcast<RoundPlacement> placement, int rowSize) {
    int workers = placement.value().workers();
    JavaPairRDD<Integer, SliceRow> placed =
        blocks.flatMapToPair(block -> place(block, placement.value()).iterator());
    return placed
        .partitionBy(new WorkerPartitioner(workers))
        .mapPartitions(it -> assemble(it, placement.value(), rowSize), true);
  }

  private static List<Tuple2<Integer, SliceRow>> place(TrainingBlock block, RoundPlacement p) {
    List<Tuple2<Integer, SliceRow>> out = new ArrayList<>();
    int rowSize = block.rowSize();
    for (int r = 0; r < block.size(); r++) {
      RoundPlacement.Place at = p.place(block.transitionIndex(r));
      if (at != null) {
        out.add(
            new Tuple2<>(
                at.worker(),
                new SliceRow(
                    at.iteration(),
                    at.row(),
                    Arrays.copyOfRange(block.observations(), r * rowSize, (r + 1) * rowSize),
                    block.actions()[r],
                    block.returns()[r],
                    block.baselines()[r])));
      }
    }
    return out;
  }

  private static Iterator<WorkerSlice> assemble(
      Iterator<Tuple2<Integer, SliceRow>> rows, RoundPlacement p, int rowSize) {
    SliceAssembler assembler = new SliceAssembler(p, rowSize);
    while (rows.hasNext()) {
      Tuple2<Integer, SliceRow> t = rows.next();
      SliceRow r = t._2();
      assembler.put(
          new RoundPlacement.Place(r.iteration, t._1(), r.row),
          r.obs,
          0,
          r.action,
          r.ret,
          r.baseline);
    }
    return assembler.build().iterator();
  }

  /** Partition w = worker w. */
  static final class WorkerPartitioner extends Partitioner {
    @Serial private static final long serialVersionUID = 1L;
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
  static final class SliceRow implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
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
}
