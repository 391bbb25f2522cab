package io.sparkrl.spark.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One spark-submit run on a {@link LocalStandaloneCluster}.
 *
 * @param exitCode the driver JVM's exit code
 * @param driverPid the driver JVM's process id
 * @param stdout the driver's standard output
 * @param stderr the driver's standard error (Spark's log)
 * @param executorPids executor processes seen while the run was going: PID to the name of the
 *     Worker that launched it
 * @param elapsed wall time from start to exit
 * @param peakRssMib the peak resident set of the driver and of each executor, by PID, as last read
 *     while the run was going (every 250 ms; {@link ProcessMemory#peakRssMib})
 */
public record SubmitResult(
    int exitCode,
    long driverPid,
    Path stdout,
    Path stderr,
    Map<Long, String> executorPids,
    Duration elapsed,
    Map<Long, Double> peakRssMib) {

  /** Copies the maps. */
  public SubmitResult {
    executorPids = Map.copyOf(executorPids);
    peakRssMib = Map.copyOf(peakRssMib);
  }

  /** The exit code, the elapsed time and the tails of the driver's output and log. */
  public String describe() {
    return "exit code "
        + exitCode
        + " after "
        + elapsed
        + "\n"
        + LocalStandaloneCluster.tail(stdout)
        + "\n"
        + LocalStandaloneCluster.tail(stderr);
  }

  /**
   * The driver's standard output.
   *
   * @throws IOException if it cannot be read
   */
  public String output() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }
}
