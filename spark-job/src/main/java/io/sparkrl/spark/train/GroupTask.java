package io.sparkrl.spark.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.LearnerState;
import io.sparkrl.core.nn.NativeThreads;
import io.sparkrl.core.train.Exchange;
import io.sparkrl.core.train.GroupPlan;
import io.sparkrl.core.train.TaskOutcome;
import io.sparkrl.core.train.WorkerSlice;
import io.sparkrl.core.train.WorkerSteps;
import io.sparkrl.spark.TaskDevice;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final List<GroupPlan> groups;
  private final RendezvousServer.Address rendezvous;
  private final String groupKey;
  private final long seed;
  private final Duration timeout;

  GroupTask(
      Broadcast<LearnerSetup> setup,
      Broadcast<LearnerState> start,
      List<GroupPlan> groups,
      RendezvousServer.Address rendezvous,
      String groupKey,
      long seed,
      Duration timeout) {
    this.setup = setup;
    this.start = start;
    this.groups = List.copyOf(groups);
    this.rendezvous = rendezvous;
    this.groupKey = groupKey;
    this.seed = seed;
    this.timeout = timeout;
  }

  @Override
  public Iterator<TaskOutcome> call(Iterator<WorkerSlice> slices) throws Exception {
    TaskContext context = TaskContext.get();
    int rank = context.partitionId();
    Set<Integer> needed = new HashSet<>();
    for (GroupPlan g : groups) {
      if (rank < g.workers()) {
        needed.add(g.tasks().get(rank).iteration());
      }
    }
    if (needed.isEmpty()) {
      return List.<TaskOutcome>of().iterator();
    }
    Map<Integer, WorkerSlice> mine = new HashMap<>();
    while (slices.hasNext() && mine.size() < needed.size()) {
      WorkerSlice s = slices.next();
      if (needed.contains(s.iteration())) {
        mine.put(s.iteration(), s);
      }
    }
    LearnerSetup s = setup.value();
    NativeThreads.limit(s.threadsPerTask());
    TaskDevice.bind();
    AwrLearner learner = LearnerPool.borrow(s);
    String key = groupKey + "/stage-attempt-" + context.stageAttemptNumber();
    Map<Integer, Exchange> exchanges = new HashMap<>();
    try {
      List<TaskOutcome> out =
          WorkerSteps.runChain(
              learner,
              mine,
              groups,
              rank,
              start.value(),
              size -> exchanges.computeIfAbsent(size, k -> join(k, rank, key, context)),
              seed);
      return out.iterator();
    } finally {
      for (Exchange e : exchanges.values()) {
        e.close();
      }
      LearnerPool.release(s, learner);
    }
  }

  private Exchange join(int size, int rank, String key, TaskContext context) {
    if (size == 1) {
      return Exchange.alone();
    }
    try {
      return TreeExchange.join(
          rendezvous,
          key + "/size-" + size,
          rank,
          size,
          SparkEnv.get().blockManager().blockManagerId().host(),
          context::isInterrupted,
          timeout);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
