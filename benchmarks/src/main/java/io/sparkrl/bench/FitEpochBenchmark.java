package io.sparkrl.bench;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.FitOptions;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.train.TrainingLog;
import io.sparkrl.datasets.Episode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One whole epoch of single-process {@link DiscreteAWR#fit} at d3rlpy's defaults on CartPole-v0
 * (mixed behaviour, seed 0), in a fresh JVM as a user runs it: JIT warm-up included, nothing
 * extrapolated. Prints one JSON line with the epoch's wall time and its split from the run's {@code
 * timing.csv} (returns and slices, SGD steps, the rest). {@code scripts/bench-epoch.sh} runs it
 * side by side with {@code sparkrl train --master local[1]}.
 *
 * <p>Usage: {@code FitEpochBenchmark DATA_DIR LOG_DIR [TRANSITIONS (default 100000)]}; the Parquet
 * dataset is written at DATA_DIR when missing, for the {@code sparkrl train} runs.
 */
public final class FitEpochBenchmark {

  private FitEpochBenchmark() {}

  /**
   * Runs the epoch.
   *
   * @param args data directory, log directory, optional transitions
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: FitEpochBenchmark DATA_DIR LOG_DIR [TRANSITIONS]");
      System.exit(2);
    }
    Path data = Path.of(args[0]);
    Path logdir = Path.of(args[1]);
    long transitions = args.length > 2 ? Long.parseLong(args[2]) : 100_000;
    List<Episode> episodes =
        BenchmarkSupport.cartPoleDataset(transitions, Episode::transitionCount, data, 0);
    AwrConfig config = AwrConfig.defaults().toBuilder().nEpochs(1).build();
    DiscreteAWR algo = new DiscreteAWR(config, 0);
    String name = "fit-epoch-" + System.nanoTime();
    FitOptions options =
        FitOptions.builder()
            .experimentName(name)
            .withTimestamp(false)
            .logdir(logdir.toString())
            .tensorboard(false)
            .showProgress(false)
            .verbose(false)
            .build();
    long t0 = System.nanoTime();
    algo.fit(episodes, options);
    double wall = BenchmarkSupport.seconds(t0);
    double[] t = timing(logdir.resolve(name));
    BenchmarkSupport.check(t[1] > 0, "the epoch ran no SGD step");
    System.out.printf(
        Locale.ROOT,
        "{\"benchmark\":\"fit_epoch\",\"blas\":\"%s\",\"transitions\":%d,\"fit_seconds\":%.2f,"
            + "\"stage1_s\":%.2f,\"train_s\":%.2f,\"compute_s\":%.2f,\"sgd_steps\":%d,"
            + "\"outside_steps_share\":%.4f,\"iteration_outside_steps_share\":%.4f}%n",
        System.getProperty("sparkrl.gemm", "onednn").equals("cblas")
            ? System.getProperty("org.bytedeco.openblas.load", "openblas")
            : System.getProperty("sparkrl.gemm", "onednn"),
        episodes.stream().mapToLong(Episode::transitionCount).sum(),
        wall,
        t[2],
        t[3],
        t[4],
        (long) t[1],
        (wall - t[4]) / wall,
        1 - t[4] / (t[2] + t[3]));
  }

  /** {@code {iterations, sgd_steps, stage1_s, train_s, compute_s}} of the run's first epoch. */
  static double[] timing(Path runDirectory) throws IOException {
    Path csv;
    try (Stream<Path> found = Files.walk(runDirectory)) {
      csv =
          found
              .filter(p -> p.getFileName().toString().equals(TrainingLog.TIMING_FILE))
              .findFirst()
              .orElseThrow(() -> new IOException("no timing.csv under " + runDirectory));
    }
    Map<String, Double> row = BenchmarkSupport.epochTimings(csv).get(0);
    return Stream.of("iterations", "sgd_steps", "stage1_s", "train_s", "compute_s")
        .mapToDouble(row::get)
        .toArray();
  }
}
