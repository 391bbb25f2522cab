package io.sparkrl.spark.train;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * The running tasks of each barrier-stage attempt (by its Spark job group), so that a failed
 * attempt's survivors can be killed before the next attempt starts. Spark kills them itself when a
 * task fails; but when a barrier result stage fails on a fetch failure (an executor lost between
 * stages), it marks the stage finished and leaves its other tasks running. Such a task waits for
 * its dead peers until the synchronisation timeout, holding the slot the next attempt needs, and a
 * barrier stage cannot start until every one of its tasks has a slot.
 */
final class AttemptTasks extends SparkListener {

  private static final String JOB_GROUP = "spark.jobGroup.id";

  private final Map<Integer, String> groupOfStage = new ConcurrentHashMap<>();
  private final Map<String, Set<Long>> running = new ConcurrentHashMap<>();

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    String group =
        submitted.properties() == null ? null : submitted.properties().getProperty(JOB_GROUP);
    if (group != null) {
      groupOfStage.put(submitted.stageInfo().stageId(), group);
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart start) {
    String group = groupOfStage.get(start.stageId());
    if (group != null) {
      running
          .computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet())
          .add(start.taskInfo().taskId());
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    String group = groupOfStage.get(end.stageId());
    Set<Long> tasks = group == null ? null : running.get(group);
    if (tasks != null) {
      tasks.remove(end.taskInfo().taskId());
    }
  }

  /**
   * Kills the tasks of {@code group} that are still running and forgets the group.
   *
   * @return how many kills were requested
   */
  int kill(SparkContext sc, String group, String reason) {
    Set<Long> tasks = running.get(group);
    forget(group);
    int killed = 0;
    if (tasks != null) {
      for (long id : tasks) {
        if (sc.killTaskAttempt(id, true, reason)) {
          killed++;
        }
      }
    }
    return killed;
  }

  /** Forgets a group whose attempt succeeded. */
  void forget(String group) {
    running.remove(group);
    groupOfStage.values().removeIf(group::equals);
  }
}
