package io.sparkrl.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The kernel's account of a process's memory, read from {@code /proc}. */
public final class ProcessMemory {

  private ProcessMemory() {}

  /**
   * The peak resident set of process {@code pid} so far ({@code VmHWM}: heap, ND4J's native buffers
   * and everything else the process touched), in MiB.
   *
   * @return NaN when the process is gone or the system has no {@code /proc/<pid>/status} (not
   *     Linux)
   */
  public static double peakRssMib(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
      return Double.NaN;
    } catch (NoSuchFileException e) {
      return Double.NaN;
    } catch (IOException e) {
      // a process that exits while its status is read
      if (!Files.exists(status)) {
        return Double.NaN;
      }
      throw new UncheckedIOException("cannot read " + status, e);
    }
  }
}
