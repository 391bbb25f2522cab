package io.sparkrl.bench;

import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import io.sparkrl.spark.SparkrlKryoRegistrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the benchmarks share: medians, their JSON summary, timing, self-checks, the generated
 * dataset and the {@code local[2]} Spark session.
 */
final class BenchmarkSupport {

  private static final long ROWS_PER_FILE = 1_000_000;

  private BenchmarkSupport() {}

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** {@code {"median":…,"min":…,"max":…}} with {@code decimals} digits after the point. */
  static String stats(double[] values, int decimals) {
    String number = "%." + decimals + "f";
    return String.format(
        Locale.ROOT,
        "{\"median\":" + number + ",\"min\":" + number + ",\"max\":" + number + "}",
        median(values),
        Arrays.stream(values).min().orElse(Double.NaN),
        Arrays.stream(values).max().orElse(Double.NaN));
  }

  static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The epoch rows of a run's {@code timing.csv}, each by column name. */
  static List<Map<String, Double>> epochTimings(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    String[] names = lines.get(0).split(",");
    List<Map<String, Double>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] values = line.split(",");
      Map<String, Double> row = new HashMap<>();
      for (int i = 0; i < names.length; i++) {
        row.put(names[i], Double.parseDouble(values[i]));
      }
      rows.add(row);
    }
    return rows;
  }

  /** Stops the benchmark when what it measured is not what it meant to measure. */
  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark self-check failed: " + what);
    }
  }

  /** Episodes handed one at a time to a dataset writer. */
  private interface EpisodeSource {
    void writeTo(EpisodeParquetWriter writer) throws IOException;
  }

  /**
   * Writes a Parquet dataset of {@code env}'s shape and action count at {@code data}, through a
   * temporary sibling so that a killed run leaves no half dataset to reuse.
   */
  private static void writeDataset(DiscreteEnv env, Path data, EpisodeSource episodes)
      throws IOException {
    Path parent = data.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve("." + data.getFileName() + ".tmp");
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(
            tmp, env.observationShape(), env.actionCount(), true, ROWS_PER_FILE)) {
      episodes.writeTo(writer);
    }
    Files.move(tmp, data);
  }

  /**
   * The mixed-policy CartPole-v0 episodes of {@code seed} until {@code size} sums to at least
   * {@code target}, also written as a Parquet dataset at {@code data} unless one is there already.
   */
  static List<Episode> cartPoleDataset(
      long target, ToLongFunction<Episode> size, Path data, long seed) throws IOException {
    return mixedDataset(Environments.create(Environments.CARTPOLE_V0), target, size, data, seed);
  }

  /**
   * The mixed-policy episodes of {@code env} and {@code seed} until {@code size} sums to at least
   * {@code target}, also written as a Parquet dataset at {@code data} unless one is there already.
   */
  static List<Episode> mixedDataset(
      DiscreteEnv env, long target, ToLongFunction<Episode> size, Path data, long seed)
      throws IOException {
    List<Episode> episodes =
        EpisodeGenerator.generateUntil(
            env, Policies.create(Policies.MIXED, env), seed, target, size);
    if (!Files.exists(data)) {
      writeDataset(
          env,
          data,
          writer -> {
            for (Episode e : episodes) {
              writer.accept(e);
            }
          });
    }
    return episodes;
  }

  /**
   * Writes the mixed-policy episodes of {@code env} and {@code seed} until they hold {@code target}
   * transitions as a Parquet dataset at {@code data} unless one is there already, one episode in
   * memory at a time (image episodes of 100k transitions do not fit a benchmark's heap).
   */
  static void streamMixedDataset(DiscreteEnv env, long target, Path data, long seed)
      throws IOException {
    if (Files.exists(data)) {
      return;
    }
    var policy = Policies.create(Policies.MIXED, env);
    writeDataset(
        env,
        data,
        writer -> {
          long written = 0;
          for (long i = 0; written < target; i++) {
            Episode e =
                EpisodeGenerator.generate(
                    env, policy, EpisodeGenerator.episodeSeed(seed, i), Long.toString(i));
            writer.accept(e);
            written += e.transitionCount();
          }
        });
  }

  /**
   * Spark {@code local[2]} on 127.0.0.1 without UI, Kryo with sparkrl's and ND4J's registrators;
   * ND4J on this thread limited to one thread, as each Spark task limits itself.
   */
  static SparkSession localSpark(String appName) {
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    return SparkSession.builder()
        .master("local[2]")
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.default.parallelism", "2")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        // ND4J's registrator too: dl4j-spark's ParameterAveragingTrainingMaster (the PATM
        // comparison) refuses a Kryo session without it
        .config(
            "spark.kryo.registrator",
            SparkrlKryoRegistrator.REGISTRATORS + ",org.nd4j.kryo.Nd4jRegistrator")
        .getOrCreate();
  }
}
