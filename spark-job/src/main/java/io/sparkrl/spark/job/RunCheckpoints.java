package io.sparkrl.spark.job;

import io.sparkrl.core.logging.MetricCsvLogger;
import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.core.storage.RunStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The checkpoints of an existing run directory, for {@code --resume}: the last complete {@code
 * model_<epoch>.zip} (written atomically, so a listed one is complete), and the metric CSVs (and
 * the training log's, whose headers stay) cut back to the epochs up to it (an interrupted epoch may
 * have logged metrics without saving its model).
 */
final class RunCheckpoints {

  private RunCheckpoints() {}

  static OptionalInt lastEpoch(RunStorage storage, String runDirectory) throws IOException {
    OptionalInt last = OptionalInt.empty();
    for (String name : storage.list(runDirectory)) {
      OptionalInt epoch = ModelCheckpoints.parseEpoch(name);
      if (epoch.isPresent() && (last.isEmpty() || epoch.getAsInt() > last.getAsInt())) {
        last = epoch;
      }
    }
    return last;
  }

  static void trimMetrics(RunStorage storage, String runDirectory, int lastEpoch)
      throws IOException {
    for (String name : storage.list(runDirectory)) {
      if (!name.endsWith(MetricCsvLogger.EXTENSION)) {
        continue;
      }
      String path = storage.resolve(runDirectory, name);
      StringBuilder kept = new StringBuilder();
      for (String line : read(storage, path).split("\n", -1)) {
        int comma = line.indexOf(',');
        if (comma <= 0) {
          continue;
        }
        String first = line.substring(0, comma);
        // a header (iterations.csv, timing.csv) stays; data rows stay up to the checkpoint
        if (!first.matches("-?[0-9]+") || Integer.parseInt(first) <= lastEpoch) {
          kept.append(line).append('\n');
        }
      }
      byte[] bytes = kept.toString().getBytes(StandardCharsets.UTF_8);
      storage.writeAtomically(path, out -> out.write(bytes));
    }
  }

  private static String read(RunStorage storage, String path) throws IOException {
    try (InputStream in = storage.open(path)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
