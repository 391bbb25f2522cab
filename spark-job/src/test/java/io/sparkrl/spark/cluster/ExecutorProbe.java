package io.sparkrl.spark.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A spark-submit application that proves executors work: it runs {@code tasks} tasks, each of which
 * reports the executor id, the executor JVM's process id and a sum computed with ND4J (so the
 * executor loads ND4J and its natives from sparkrl's submit jar), and writes, one per line:
 *
 * <pre>
 *   app &lt;application id&gt;
 *   driver &lt;driver pid&gt;
 *   task &lt;index&gt; &lt;executor id&gt; &lt;executor pid&gt; &lt;ND4J sum of a 2x2 array of ones&gt;
 * </pre>
 *
 * <p>Usage: {@code ExecutorProbe OUTPUT_FILE TASKS}. The output file is on the driver's file
 * system.
 */
public final class ExecutorProbe {

  /** How long each task holds its executor, so that every executor gets some tasks. */
  static final long TASK_MILLIS = 500;

  private ExecutorProbe() {}

  /**
   * Runs the probe.
   *
   * @param args the output file and the number of tasks
   * @throws IOException if the output cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ExecutorProbe OUTPUT_FILE TASKS");
    }
    Path output = Path.of(args[0]);
    int tasks = Integer.parseInt(args[1]);
    SparkSession spark = SparkSession.builder().appName("sparkrl-executor-probe").getOrCreate();
    try {
      JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<String> lines = new ArrayList<>();
      lines.add("app " + context.sc().applicationId());
      lines.add("driver " + ProcessHandle.current().pid());
      lines.addAll(
          context
              .parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
              .map(new TaskReport())
              .collect());
      Files.write(output, lines, StandardCharsets.UTF_8);
    } finally {
      spark.stop();
    }
  }

  /** One task's line: where it ran and what ND4J computed there. */
  static final class TaskReport implements Function<Integer, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(Integer index) throws InterruptedException {
      Thread.sleep(TASK_MILLIS);
      double sum;
      try (INDArray ones = Nd4j.ones(2, 2)) {
        sum = ones.sumNumber().doubleValue();
      }
      return "task "
          + index
          + " "
          + SparkEnv.get().executorId()
          + " "
          + ProcessHandle.current().pid()
          + " "
          + sum;
    }
  }
}
