package io.sparkrl.spark.cli.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Output folders are written beside their target and moved into place only when complete, so a
 * failed or rejected run never leaves a dataset that looks valid, and nothing is overwritten.
 */
final class StagedOutput {

  private StagedOutput() {}

  /** A fresh hidden folder beside {@code target}; the target must be absent or an empty folder. */
  static Path prepare(Path target) throws IOException {
    if (Files.exists(target)) {
      boolean emptyFolder = false;
      if (Files.isDirectory(target)) {
        try (Stream<Path> entries = Files.list(target)) {
          emptyFolder = entries.findAny().isEmpty();
        }
      }
      if (!emptyFolder) {
        throw new IllegalArgumentException(
            target + ": already exists and is not an empty folder; choose a new one");
      }
    }
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    return Files.createTempDirectory(parent, "." + target.getFileName() + ".staging-");
  }

  /** Moves a finished staging folder to its target. */
  static void publish(Path staged, Path target) throws IOException {
    if (staged == null) {
      return;
    }
    Files.deleteIfExists(target);
    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes a staging folder and everything in it; null or absent is fine. */
  static void discard(Path staged) throws IOException {
    if (staged == null || !Files.exists(staged)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(staged)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
