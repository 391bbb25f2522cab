package io.sparkrl.spark.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.LearnerState;
import io.sparkrl.core.nn.NativeThreads;
import io.sparkrl.core.train.Exchange;
import io.sparkrl.core.train.GroupPlan;
import io.sparkrl.core.train.TaskOutcome;
import io.sparkrl.core.train.WorkerSlice;
import io.sparkrl.core.train.WorkerSteps;
import io.sparkrl.core.train.WorkerTask;
import io.sparkrl.spark.TaskDevice;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * One worker of a group, as a task of a Spark barrier stage (all of the group's tasks run at once):
 * partition w holds worker w's slices of the round; the task takes its slice of its task's
 * iteration, starts from the broadcast state, joins its peers ({@link TreeExchange}, found through
 * the driver's {@link RendezvousServer}) and runs core's {@link WorkerSteps}. Workers the group
 * does not use (its last group of an epoch may be short) return nothing.
 */
final class GroupTask implements FlatMapFunction<Iterator<WorkerSlice>, TaskOutcome> {

  private static final long serialVersionUID = 1L;

  private final Broadcast<LearnerSetup> setup;
  private final Broadcast<LearnerState> start;
  private final GroupPlan group;
  private final RendezvousServer.Address rendezvous;
  private final String groupKey;
  private final long seed;
  private final Duration timeout;

  GroupTask(
      Broadcast<LearnerSetup> setup,
      Broadcast<LearnerState> start,
      GroupPlan group,
      RendezvousServer.Address rendezvous,
      String groupKey,
      long seed,
      Duration timeout) {
    this.setup = setup;
    this.start = start;
    this.group = group;
    this.rendezvous = rendezvous;
    this.groupKey = groupKey;
    this.seed = seed;
    this.timeout = timeout;
  }

  @Override
  public Iterator<TaskOutcome> call(Iterator<WorkerSlice> slices) throws Exception {
    TaskContext context = TaskContext.get();
    int rank = context.partitionId();
    if (rank >= group.workers()) {
      return List.<TaskOutcome>of().iterator();
    }
    WorkerTask task = group.tasks().get(rank);
    WorkerSlice slice = null;
    while (slices.hasNext()) {
      WorkerSlice s = slices.next();
      if (s.iteration() == task.iteration()) {
        slice = s;
        break;
      }
    }
    if (slice == null) {
      throw new IllegalStateException(
          "worker " + rank + " has no slice of iteration " + task.iteration());
    }
    LearnerSetup s = setup.value();
    NativeThreads.limit(s.threadsPerTask());
    TaskDevice.bind();
    AwrLearner learner = LearnerPool.borrow(s);
    String key = groupKey + "/stage-attempt-" + context.stageAttemptNumber();
    try (Exchange exchange =
        group.workers() == 1
            ? Exchange.alone()
            : TreeExchange.join(
                rendezvous,
                key,
                rank,
                group.workers(),
                SparkEnv.get().blockManager().blockManagerId().host(),
                context::isInterrupted,
                timeout)) {
      TaskOutcome outcome =
          WorkerSteps.run(learner, slice, group, rank, start.value(), exchange, seed);
      return List.of(outcome).iterator();
    } finally {
      LearnerPool.release(s, learner);
    }
  }
}
