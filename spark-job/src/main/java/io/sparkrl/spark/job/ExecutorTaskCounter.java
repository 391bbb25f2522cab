package io.sparkrl.spark.job;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts the tasks each executor finished (the driver is executor {@code "driver"} in local mode),
 * for the run's provenance: on a cluster it shows which executors did the work.
 */
public final class ExecutorTaskCounter extends SparkListener {

  private final Map<String, LongAdder> tasks = new ConcurrentHashMap<>();

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    tasks.computeIfAbsent(taskEnd.taskInfo().executorId(), k -> new LongAdder()).increment();
  }

  /** Finished tasks per executor id, sorted by id. */
  public Map<String, Long> tasksPerExecutor() {
    Map<String, Long> out = new TreeMap<>();
    tasks.forEach((id, n) -> out.put(id, n.sum()));
    return out;
  }
}
