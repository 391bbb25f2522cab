package io.sparkrl.bench;

import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What the benchmarks share: medians, their JSON summary, timing, self-checks, the dataset. */
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

  /** Stops the benchmark when what it measured is not what it meant to measure. */
  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark self-check failed: " + what);
    }
  }

  /**
   * Writes CartPole-shaped episodes (4 features, 2 actions) as a Parquet dataset at {@code data},
   * through a temporary sibling so that a killed run leaves no half dataset to reuse.
   */
  static void writeCartPoleDataset(List<Episode> episodes, Path data) throws IOException {
    Path parent = data.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve("." + data.getFileName() + ".tmp");
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(tmp, ObservationShape.vector(4), 2, true, ROWS_PER_FILE)) {
      for (Episode e : episodes) {
        writer.accept(e);
      }
    }
    Files.move(tmp, data);
  }
}
