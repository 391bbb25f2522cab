package io.sparkrl.spark.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.nn.NativeThreads;
import io.sparkrl.core.train.GroupPlan;
import io.sparkrl.core.train.Period;
import io.sparkrl.core.train.WorkerSlice;
import io.sparkrl.core.train.WorkerSteps;
import io.sparkrl.spark.TaskDevice;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * One worker's part of one period when every period is its own Spark job ({@link SyncMode#JOBS}):
 * from the broadcast mean, the period's steps on the worker's slice ({@link
 * WorkerSteps#runPeriod}); the driver averages what the workers return.
 */
final class PeriodTask
    implements FlatMapFunction<Iterator<WorkerSlice>, WorkerSteps.PeriodOutcome> {

  private static final long serialVersionUID = 1L;

  private final Broadcast<LearnerSetup> setup;
  private final Broadcast<NetworkState> from;
  private final GroupPlan group;
  private final Period period;
  private final long seed;

  PeriodTask(
      Broadcast<LearnerSetup> setup,
      Broadcast<NetworkState> from,
      GroupPlan group,
      Period period,
      long seed) {
    this.setup = setup;
    this.from = from;
    this.group = group;
    this.period = period;
    this.seed = seed;
  }

  @Override
  public Iterator<WorkerSteps.PeriodOutcome> call(Iterator<WorkerSlice> slices) {
    int rank = TaskContext.getPartitionId();
    if (rank >= group.workers()) {
      return List.<WorkerSteps.PeriodOutcome>of().iterator();
    }
    int iteration = group.tasks().get(rank).iteration();
    WorkerSlice slice = null;
    while (slices.hasNext()) {
      WorkerSlice s = slices.next();
      if (s.iteration() == iteration) {
        slice = s;
        break;
      }
    }
    if (slice == null) {
      throw new IllegalStateException("worker " + rank + " has no slice of iteration " + iteration);
    }
    LearnerSetup s = setup.value();
    NativeThreads.limit(s.threadsPerTask());
    TaskDevice.bind();
    AwrLearner learner = LearnerPool.borrow(s);
    try {
      return List.of(WorkerSteps.runPeriod(learner, slice, group, rank, period, from.value(), seed))
          .iterator();
    } finally {
      LearnerPool.release(s, learner);
    }
  }
}
