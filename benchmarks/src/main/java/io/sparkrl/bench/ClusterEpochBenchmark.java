package io.sparkrl.bench;

import static io.sparkrl.bench.BenchmarkSupport.cartPoleDataset;
import static io.sparkrl.bench.BenchmarkSupport.check;
import static io.sparkrl.bench.BenchmarkSupport.median;
import static io.sparkrl.bench.BenchmarkSupport.stats;
import static io.sparkrl.bench.BenchmarkSupport.streamMixedDataset;

import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.CatchEnv;
import io.sparkrl.spark.SparkrlKryoRegistrator;
import io.sparkrl.spark.cli.SparkrlCli;
import io.sparkrl.spark.cluster.LocalStandaloneCluster;
import io.sparkrl.spark.cluster.SubmitResult;
import io.sparkrl.spark.config.JobSettingKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CartPole epoch through {@code sparkrl train} on a real standalone cluster on this machine: a
 * Master and two one-core Workers as separate JVMs, client-mode spark-submit of the submit jar,
 * {@code conf/cartpole.json} (d3rlpy's defaults) for one epoch on about TRANSITIONS transitions.
 * Each repeat runs every variant once, one after the other: 1 worker (one one-core executor), 2
 * workers sharing the iterations in barrier stages, and 2 workers with a Spark job per averaging
 * period. The epoch's time and its split come from the run's {@code timing.csv}, the executors'
 * peak resident set from {@code /proc}. One JSON line per run on stdout, then a summary line.
 * Environment: {@code DATASET=catch84} trains on 84×84 catch frames (Atari-size, uint8) instead of
 * CartPole; {@code EXECUTOR_MEMORY_GIB} (default 4) sizes the executors; {@code EXECUTOR_JAVA_OPTS}
 * adds executor JVM options.
 *
 * <pre>
 *   ClusterEpochBenchmark WORK_DIR REPEATS TRANSITIONS SPARK_HOME SUBMIT_JAR OPENS_FILE CONF_FILE
 *       [SETS: more --set key=value for every run, separated by spaces]
 * </pre>
 */
public final class ClusterEpochBenchmark {

  private static final long SEED = 5;
  private static final int EXECUTOR_MEMORY_GIB =
      Integer.parseInt(System.getenv().getOrDefault("EXECUTOR_MEMORY_GIB", "4"));
  private static final String DATASET = System.getenv().getOrDefault("DATASET", "cartpole");
  private static final String DRIVER_HEAP = "2g";
  private static final Duration TIMEOUT = Duration.ofMinutes(20);

  /** One way of running the epoch. */
  private record Variant(String name, int workers, String sync) {}

  private static final List<Variant> VARIANTS =
      variants(System.getenv().getOrDefault("VARIANTS", "w1 w2_barrier w2_jobs"));

  private static List<Variant> variants(String names) {
    List<Variant> all =
        List.of(
            new Variant("w1", 1, "barrier"),
            new Variant("w2_barrier", 2, "barrier"),
            new Variant("w2_jobs", 2, "jobs"));
    return all.stream().filter(v -> List.of(names.split("\\s+")).contains(v.name)).toList();
  }

  private ClusterEpochBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 7 && args.length != 8) {
      System.err.println(
          "usage: ClusterEpochBenchmark WORK_DIR REPEATS TRANSITIONS SPARK_HOME SUBMIT_JAR"
              + " OPENS_FILE CONF_FILE [SETS]");
      System.exit(2);
    }
    Path work = Path.of(args[0]).toAbsolutePath();
    int repeats = Integer.parseInt(args[1]);
    long transitions = Long.parseLong(args[2]);
    Path sparkHome = Path.of(args[3]);
    Path submitJar = Path.of(args[4]);
    List<String> flags =
        List.of(Files.readString(Path.of(args[5]), StandardCharsets.UTF_8).trim().split("\\s+"));
    Path conf = Path.of(args[6]).toAbsolutePath();
    List<String> sets =
        args.length == 8 && !args[7].isBlank() ? List.of(args[7].trim().split("\\s+")) : List.of();
    Path data = work.resolve("cluster-epoch-" + DATASET + "-" + transitions).resolve("data");
    switch (DATASET) {
      case "cartpole" -> cartPoleDataset(transitions, Episode::transitionCount, data, SEED);
      case "catch84" -> streamMixedDataset(new CatchEnv(84, 84, true), transitions, data, SEED);
      default -> throw new IllegalArgumentException("DATASET: cartpole or catch84, not " + DATASET);
    }

    Map<String, List<double[]>> runs = new LinkedHashMap<>();
    VARIANTS.forEach(v -> runs.put(v.name, new ArrayList<>()));
    try (LocalStandaloneCluster cluster =
        LocalStandaloneCluster.start(
            sparkHome,
            flags,
            work.resolve("cluster-epoch-cluster"),
            2,
            1,
            (EXECUTOR_MEMORY_GIB + 1) + "g")) {
      for (int r = 0; r < repeats; r++) {
        for (Variant v : VARIANTS) {
          Path out =
              work.resolve("cluster-epoch-runs")
                  .resolve(v.name + "-" + r + "-" + System.nanoTime());
          SubmitResult run =
              cluster.submit(
                  v.name, DRIVER_HEAP, submitArgs(submitJar, conf, data, out, v, sets), TIMEOUT);
          check(run.exitCode() == 0, v.name + " failed: " + run.describe());
          double[] t = java.util.Arrays.copyOf(timing(out), 8);
          t[7] = executorPeak(run);
          runs.get(v.name).add(t);
          System.out.printf(
              Locale.ROOT,
              "{\"benchmark\":\"cluster_epoch_run\",\"variant\":\"%s\",\"repeat\":%d,"
                  + "\"submit_seconds\":%.1f,\"epoch_seconds\":%.2f,\"stage1_s\":%.2f,"
                  + "\"train_s\":%.2f,\"compute_s\":%.2f,\"sync_s\":%.2f,\"other_s\":%.2f,"
                  + "\"iterations\":%d,\"executor_peak_rss_mib\":%.0f,"
                  + "\"driver_peak_rss_mib\":%.0f,\"load_average\":%.2f}%n",
              v.name,
              r,
              run.elapsed().toMillis() / 1e3,
              t[0],
              t[1],
              t[2],
              t[3],
              t[4],
              t[5],
              (long) t[6],
              t[7],
              run.peakRssMib().getOrDefault(run.driverPid(), Double.NaN),
              loadAverage());
        }
      }
    }
    StringBuilder json = new StringBuilder("{\"benchmark\":\"cluster_epoch\",\"repeats\":");
    json.append(repeats).append(",\"transitions\":").append(transitions);
    json.append(",\"averaging_frequency\":").append(averagingFrequency(sets));
    json.append(",\"variants\":{");
    Map<String, Double> epoch = new LinkedHashMap<>();
    for (int i = 0; i < VARIANTS.size(); i++) {
      Variant v = VARIANTS.get(i);
      List<double[]> rows = runs.get(v.name);
      double[] e = column(rows, 0);
      double[] sync = column(rows, 4);
      double[] train = column(rows, 2);
      double[] share = new double[rows.size()];
      for (int k = 0; k < share.length; k++) {
        share[k] = sync[k] / train[k];
      }
      epoch.put(v.name, median(e));
      json.append(
          String.format(
              Locale.ROOT,
              "%s\"%s\":{\"workers\":%d,\"sync\":\"%s\",\"epoch_seconds\":%s,\"stage1_seconds\":%s,"
                  + "\"compute_seconds\":%s,\"sync_seconds\":%s,\"other_seconds\":%s,"
                  + "\"executor_peak_rss_mib\":%s,\"sync_share_of_training\":%.4f}",
              i == 0 ? "" : ",",
              v.name,
              v.workers,
              v.sync,
              stats(e, 2),
              stats(column(rows, 1), 2),
              stats(column(rows, 3), 2),
              stats(sync, 2),
              stats(column(rows, 5), 2),
              stats(column(rows, 7), 0),
              median(share)));
    }
    json.append(
        String.format(
            Locale.ROOT,
            "},\"w2_over_w1\":%s,\"jobs_over_barrier\":%s}",
            jsonNumber(ratio(epoch, "w2_barrier", "w1")),
            jsonNumber(ratio(epoch, "w2_jobs", "w2_barrier"))));
    System.out.println(json);
  }

  /** A ratio as JSON: null when a variant was not run (NaN is no JSON number). */
  private static String jsonNumber(double v) {
    return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static double executorPeak(SubmitResult run) {
    return run.executorPids().keySet().stream()
        .mapToDouble(pid -> run.peakRssMib().getOrDefault(pid, Double.NaN))
        .max()
        .orElse(Double.NaN);
  }

  private static int averagingFrequency(List<String> sets) {
    String prefix = "job." + JobSettingKeys.AVERAGING_FREQUENCY.name() + "=";
    return sets.stream()
        .filter(s -> s.startsWith(prefix))
        .map(s -> Integer.parseInt(s.substring(prefix.length())))
        .reduce((a, b) -> b)
        .orElse(JobSettingKeys.AVERAGING_FREQUENCY.defaultValue());
  }

  private static List<String> submitArgs(
      Path jar, Path conf, Path data, Path out, Variant v, List<String> sets) {
    List<String> args = new ArrayList<>();
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    List<String> head =
        List.of(
            "--class",
            SparkrlCli.class.getName(),
            "--total-executor-cores",
            "" + v.workers,
            "--executor-cores",
            "1",
            "--executor-memory",
            EXECUTOR_MEMORY_GIB + "g",
            "--conf",
            "spark.executorEnv.OMP_NUM_THREADS=1",
            "--conf",
            "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"
                + " -Djava.awt.headless=true "
                + System.getenv().getOrDefault("EXECUTOR_JAVA_OPTS", ""),
            "--conf",
            "spark.driver.extraJavaOptions=-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
            "--conf",
            "spark.scheduler.minRegisteredResourcesRatio=1.0",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.driver.host=" + LocalStandaloneCluster.HOST,
            "--conf",
            "spark.serializer=org.apache.spark.serializer.KryoSerializer",
            "--conf",
            "spark.kryo.registrator=" + SparkrlKryoRegistrator.REGISTRATORS,
            jar.toString(),
            "train",
            "--config",
            conf.toString(),
            "--data",
            data.toUri().toString(),
            "--output",
            out.toUri().toString(),
            "--set",
            "n_epochs=1",
            "--set",
            "job.workers=" + v.workers,
            "--set",
            "job.sync=" + v.sync,
            "--set",
            "job.eval_env=",
            "--set",
            "job.tensorboard=false");
    List<String> all = new ArrayList<>(head);
    all.addAll(args);
    return all;
  }

  /** epoch, stage 1, train, compute, sync, other seconds and iterations from timing.csv. */
  private static double[] timing(Path run) throws Exception {
    List<Map<String, Double>> epochs = BenchmarkSupport.epochTimings(run.resolve("timing.csv"));
    check(epochs.size() == 1, run + "/timing.csv has " + epochs.size() + " epochs");
    Map<String, Double> t = epochs.get(0);
    return new double[] {
      t.get("stage1_s") + t.get("train_s") + t.get("eval_s"),
      t.get("stage1_s"),
      t.get("train_s"),
      t.get("compute_s"),
      t.get("sync_s"),
      t.get("other_s"),
      t.get("iterations")
    };
  }

  private static double ratio(Map<String, Double> epoch, String a, String b) {
    return epoch.containsKey(a) && epoch.containsKey(b) ? epoch.get(a) / epoch.get(b) : Double.NaN;
  }

  private static double[] column(List<double[]> rows, int c) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i)[c];
    }
    return out;
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
