package io.sparkrl.core.logging;

import io.sparkrl.core.storage.RunDirectory;
import io.sparkrl.core.storage.RunStorage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes one CSV file per metric, {@code {name}.csv}, in append mode and without a header, each
 * line {@code epoch,total_step,value} as d3rlpy v0.23 writes it with Python's {@code '%d,%d,%f'}.
 */
public final class MetricCsvLogger {

  /** The metric file extension. */
  public static final String EXTENSION = ".csv";

  /** Digits after the decimal point of Python's {@code %f}. */
  public static final int PYTHON_F_DECIMALS = 6;

  private final RunStorage storage;
  private final String directory;

  /**
   * Creates a logger writing into an existing directory.
   *
   * @param storage the storage to write through
   * @param directory the run directory; must exist
   */
  public MetricCsvLogger(RunStorage storage, String directory) {
    this.storage = storage;
    this.directory = directory;
  }

  /**
   * Creates a logger writing into a run directory.
   *
   * @param run the run directory
   */
  public MetricCsvLogger(RunDirectory run) {
    this(run.storage(), run.path());
  }

  /**
   * Appends one line to {@code {metric}.csv}, creating the file on first use.
   *
   * @param metric the metric name, such as {@code critic_loss}; must be a valid file name
   * @param epoch the 0-based epoch
   * @param totalStep the cumulative iteration count at the end of the epoch
   * @param value the epoch's value
   * @throws IOException if the file cannot be written
   */
  public void log(String metric, int epoch, long totalStep, double value) throws IOException {
    storage.appendText(fileFor(metric), formatLine(epoch, totalStep, value));
  }

  /**
   * The path of a metric's file.
   *
   * @param metric the metric name
   * @return {@code {directory}/{metric}.csv}
   * @throws IllegalArgumentException if the name is empty or contains a path separator
   */
  public String fileFor(String metric) {
    if (metric == null || metric.isEmpty() || metric.contains("/") || metric.contains("\\")) {
      throw new IllegalArgumentException(
          "metric name must be non-empty and contain no path separator, got: " + metric);
    }
    return storage.resolve(directory, metric + EXTENSION);
  }

  /**
   * One CSV line, {@code '%d,%d,%f\n' % (epoch, totalStep, value)} in Python.
   *
   * @param epoch the epoch
   * @param totalStep the total step
   * @param value the value
   * @return the line, ending with a newline
   */
  public static String formatLine(int epoch, long totalStep, double value) {
    return epoch + "," + totalStep + "," + formatPythonF(value) + "\n";
  }

  /**
   * Formats a double as Python's {@code '%f' % value}: six decimals, rounded half-to-even from the
   * exact binary value (Java's {@code %.6f} rounds the shortest decimal form half-up, which differs
   * for values such as 0.1234565), a minus sign kept on negative values that round to zero, and
   * {@code nan}, {@code inf}, {@code -inf} for the non-finite values.
   *
   * @param value the value
   * @return its text, with no locale-dependent characters
   */
  public static String formatPythonF(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    String digits =
        new BigDecimal(value).setScale(PYTHON_F_DECIMALS, RoundingMode.HALF_EVEN).toPlainString();
    boolean negative = value < 0 || (value == 0 && 1 / value < 0);
    return negative && !digits.startsWith("-") ? "-" + digits : digits;
  }
}
