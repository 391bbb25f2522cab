package io.sparkrl.spark.train;

import io.sparkrl.core.algo.AwrLearner;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Learners kept per executor JVM between tasks, so a worker builds its networks once per run and
 * task thread, not once per synchronisation. A task {@link #borrow borrows} one (built if none is
 * free) and {@link #release releases} it; learners of an earlier run are dropped as soon as a new
 * run's key appears, so an executor holds the networks of one run only.
 */
final class LearnerPool {

  private static final Map<String, Queue<AwrLearner>> FREE = new ConcurrentHashMap<>();

  private LearnerPool() {}

  static AwrLearner borrow(LearnerSetup setup) {
    if (!FREE.containsKey(setup.key())) {
      FREE.keySet().removeIf(k -> !k.equals(setup.key()));
    }
    AwrLearner learner =
        FREE.computeIfAbsent(setup.key(), k -> new ConcurrentLinkedQueue<>()).poll();
    return learner != null ? learner : setup.newLearner();
  }

  static void release(LearnerSetup setup, AwrLearner learner) {
    Queue<AwrLearner> free = FREE.get(setup.key());
    if (free != null) {
      free.add(learner);
    }
  }
}
