package io.sparkrl.bench;

import io.sparkrl.datasets.Episode;
import io.sparkrl.spark.SparkrlKryoRegistrator;
import io.sparkrl.spark.cluster.LocalStandaloneCluster;
import io.sparkrl.spark.cluster.SubmitResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scaling benchmark: a Spark standalone cluster on 127.0.0.1 (a Master and one two-core Worker,
 * separate JVMs), and per dataset size one {@code spark-submit} of {@link ScalingRun}, whose driver
 * and executor are separate processes, so that the peak resident memory of each can be read off the
 * kernel ({@link PeakMemory}) while it runs. Generates the CartPole datasets it lacks. One JSON
 * object per size on stdout: {@link ScalingRun}'s line with the driver's and executors' peaks.
 *
 * <pre>
 *   ScalingBenchmark SIZES(comma-separated rows) WORK_DIR REPEATS SPARK_HOME SUBMIT_JAR OPENS_FILE
 *       BENCH_JARS(comma-separated: this module's jar and spark-job's test jar, for the driver)
 * </pre>
 */
public final class ScalingBenchmark {

  private static final long SEED = 11;
  private static final int CORES = 2;
  private static final String WORKER_MEMORY = "14g";
  private static final String EXECUTOR_MEMORY = "8g";
  private static final String DRIVER_HEAP = "2g";
  private static final Duration TIMEOUT = Duration.ofMinutes(60);

  private ScalingBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println(
          "usage: ScalingBenchmark SIZES WORK_DIR REPEATS SPARK_HOME SUBMIT_JAR OPENS_FILE BENCH_JARS");
      System.exit(2);
    }
    Path work = Path.of(args[1]).toAbsolutePath();
    int repeats = Integer.parseInt(args[2]);
    Path sparkHome = Path.of(args[3]);
    Path submitJar = Path.of(args[4]);
    String benchJars = args[6];
    List<String> flags =
        List.of(Files.readString(Path.of(args[5]), StandardCharsets.UTF_8).trim().split("\\s+"));

    List<Path> datasets = new ArrayList<>();
    for (String size : args[0].split(",")) {
      long rows = Long.parseLong(size.trim());
      Path data = work.resolve("scaling-" + rows).resolve("data");
      if (!Files.exists(data)) {
        System.err.printf(Locale.ROOT, "scaling: generating %,d CartPole rows in %s%n", rows, data);
        BenchmarkSupport.cartPoleDataset(rows, Episode::length, data, SEED);
      }
      datasets.add(data);
    }

    try (LocalStandaloneCluster cluster =
        LocalStandaloneCluster.start(
            sparkHome, flags, work.resolve("scaling-cluster"), 1, CORES, WORKER_MEMORY)) {
      for (Path data : datasets) {
        SubmitResult run =
            cluster.submit(
                data.getParent().getFileName().toString(),
                DRIVER_HEAP,
                submitArgs(submitJar, benchJars, data, repeats),
                TIMEOUT);
        BenchmarkSupport.check(run.exitCode() == 0, "ScalingRun failed: " + run.describe());
        System.out.println(withPeaks(lastJsonLine(run.output()), run));
      }
    }
  }

  private static List<String> submitArgs(Path submitJar, String benchJars, Path data, int repeats) {
    return List.of(
        "--class",
        ScalingRun.class.getName(),
        "--jars",
        benchJars,
        "--total-executor-cores",
        "" + CORES,
        "--executor-cores",
        "" + CORES,
        "--executor-memory",
        EXECUTOR_MEMORY,
        "--conf",
        "spark.executorEnv.OMP_NUM_THREADS=1",
        "--conf",
        "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
        "--conf",
        "spark.driver.extraJavaOptions=-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
        "--conf",
        "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "--conf",
        "spark.ui.enabled=false",
        // Spark keeps the history of its last 1000 jobs and stages on the driver by default; a
        // training epoch runs two jobs per iteration, so that history would grow with the rows.
        "--conf",
        "spark.ui.retainedJobs=100",
        "--conf",
        "spark.ui.retainedStages=100",
        "--conf",
        "spark.default.parallelism=" + CORES,
        "--conf",
        "spark.driver.host=" + LocalStandaloneCluster.HOST,
        "--conf",
        "spark.serializer=org.apache.spark.serializer.KryoSerializer",
        "--conf",
        "spark.kryo.registrator=" + SparkrlKryoRegistrator.REGISTRATORS,
        submitJar.toString(),
        data.toUri().toString(),
        "" + repeats);
  }

  private static String lastJsonLine(String output) {
    List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
    BenchmarkSupport.check(!lines.isEmpty(), "no JSON line from ScalingRun: " + output);
    return lines.get(lines.size() - 1);
  }

  private static String withPeaks(String json, SubmitResult run) {
    double driver = run.peakRssMib().getOrDefault(run.driverPid(), Double.NaN);
    double executorMax = 0;
    double executorSum = 0;
    for (long pid : run.executorPids().keySet()) {
      double mib = run.peakRssMib().getOrDefault(pid, Double.NaN);
      executorMax = Math.max(executorMax, mib);
      executorSum += mib;
    }
    BenchmarkSupport.check(
        !run.executorPids().isEmpty() && Double.isFinite(executorSum) && Double.isFinite(driver),
        "peak memory of the driver and executors " + run.peakRssMib());
    return json.substring(0, json.length() - 1)
        + String.format(
            Locale.ROOT,
            ",\"driver_peak_rss_mib_polled\":%.1f,\"executors\":%d,"
                + "\"executor_peak_rss_mib_max\":%.1f,\"executor_peak_rss_mib_sum\":%.1f,"
                + "\"driver_heap\":\"%s\",\"executor_memory\":\"%s\",\"submit_seconds\":%.1f}",
            driver,
            run.executorPids().size(),
            executorMax,
            executorSum,
            DRIVER_HEAP,
            EXECUTOR_MEMORY,
            run.elapsed().toMillis() / 1000.0);
  }
}
