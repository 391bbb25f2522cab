package io.sparkrl.bench;

import static io.sparkrl.bench.BenchmarkSupport.check;
import static io.sparkrl.bench.BenchmarkSupport.seconds;
import static io.sparkrl.bench.BenchmarkSupport.stats;

import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import io.sparkrl.datasets.parquet.EpisodeParquetReader;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import io.sparkrl.datasets.validation.DatasetExpectations;
import io.sparkrl.datasets.validation.DatasetValidator;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.datasets.validation.ValidationReport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Rows per second for writing, reading and validating CartPole datasets, and the reader's peak
 * memory. One JSON object per line on stdout:
 *
 * <pre>
 *   DatasetBenchmark throughput ROWS DIR REPEATS   # write, read, validate; medians of REPEATS runs
 *   DatasetBenchmark reader-memory DIR             # stream every row; peak heap and RSS
 * </pre>
 */
public final class DatasetBenchmark {

  private static final long ROWS_PER_FILE = 1_000_000;

  private DatasetBenchmark() {}

  public static void main(String[] args) throws Exception {
    switch (args.length > 0 ? args[0] : "") {
      case "throughput" ->
          throughput(Long.parseLong(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
      case "reader-memory" -> readerMemory(Path.of(args[1]));
      default -> {
        System.err.println(
            "usage: DatasetBenchmark throughput ROWS DIR REPEATS | reader-memory DIR");
        System.exit(2);
      }
    }
  }

  private static void throughput(long targetRows, Path dir, int repeats) throws IOException {
    List<Episode> episodes = cartPole(targetRows);
    long rows = episodes.stream().mapToLong(Episode::length).sum();
    Path data = dir.resolve("data");
    double[] write = new double[repeats];
    double[] read = new double[repeats];
    double[] validate = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      deleteTree(data);
      long t0 = System.nanoTime();
      try (EpisodeParquetWriter writer =
          EpisodeParquetWriter.create(data, episodes.get(0).shape(), 2, true, ROWS_PER_FILE)) {
        for (Episode e : episodes) {
          writer.accept(e);
        }
      }
      write[r] = rows / seconds(t0);

      t0 = System.nanoTime();
      long seen = readAll(data);
      read[r] = seen / seconds(t0);
      check(seen == rows, "read " + seen + " rows, wrote " + rows);

      t0 = System.nanoTime();
      ValidationReport report;
      try (EpisodeParquetReader reader = EpisodeParquetReader.open(data)) {
        report =
            DatasetValidator.validate(
                reader,
                data.toString(),
                new DatasetExpectations(episodes.get(0).shape(), 2),
                ValidationMode.STRICT,
                null,
                null);
      }
      validate[r] = rows / seconds(t0);
      check(report.ok() && report.rowsRead() == rows, "validation: " + report.summary());
    }
    System.out.printf(
        Locale.ROOT,
        "{\"benchmark\":\"datasets-throughput\",\"rows\":%d,\"episodes\":%d,\"repeats\":%d,"
            + "\"bytes_on_disk\":%d,\"write_rows_per_s\":%s,\"read_rows_per_s\":%s,"
            + "\"validate_rows_per_s\":%s}%n",
        rows,
        episodes.size(),
        repeats,
        sizeOnDisk(data),
        stats(write, 0),
        stats(read, 0),
        stats(validate, 0));
  }

  private static void readerMemory(Path data) {
    long t0 = System.nanoTime();
    long rows = readAll(data);
    double secs = seconds(t0);
    // Per-pool peaks happen at different moments, so their sum is no peak; the old generation's
    // peak is what survives collections, i.e. what the reader keeps alive.
    long peakOld = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old")) {
        peakOld = pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "{\"benchmark\":\"reader-memory\",\"rows\":%d,\"seconds\":%.3f,\"max_heap_bytes\":%d,"
            + "\"peak_old_gen_used_bytes\":%d,\"peak_rss_bytes\":%d}%n",
        rows,
        secs,
        Runtime.getRuntime().maxMemory(),
        peakOld,
        peakRss());
  }

  private static List<Episode> cartPole(long targetRows) throws IOException {
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    var policy = Policies.create(Policies.MIXED, env);
    List<Episode> episodes =
        EpisodeGenerator.generateUntil(env, policy, 7, targetRows, Episode::length);
    return episodes;
  }

  private static long readAll(Path data) {
    long rows = 0;
    double checksum = 0;
    try (EpisodeParquetReader reader = EpisodeParquetReader.open(data)) {
      while (reader.hasNext()) {
        EpisodeRow row = reader.next();
        checksum += row.reward() + row.vector()[0];
        rows++;
      }
    }
    check(!Double.isNaN(checksum), "checksum");
    return rows;
  }

  private static long peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static long sizeOnDisk(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
