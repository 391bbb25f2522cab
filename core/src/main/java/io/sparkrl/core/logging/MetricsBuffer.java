package io.sparkrl.core.logging;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the per-iteration values of each metric during an epoch and, at the end of the epoch,
 * commits their arithmetic means, as d3rlpy v0.23's {@code logger.commit(epoch, step)} does: for
 * each metric in the order it was first added, one CSV line, one verbose line {@code epoch=E step=S
 * name=V}, and one TensorBoard scalar {@code metrics/{name}} at step {@code epoch}; then the buffer
 * is emptied and the TensorBoard file flushed.
 *
 * <p>Not thread-safe: the driver adds values and commits from one thread.
 */
public final class MetricsBuffer {

  private final MetricCsvLogger csv;
  private final TensorBoardEventWriter tensorBoard;
  private final PrintStream verbose;
  private final Map<String, List<Double>> values = new LinkedHashMap<>();

  /**
   * Creates a buffer with the given outputs; each may be null to switch it off.
   *
   * @param csv the CSV files (d3rlpy's {@code save_metrics}), or null
   * @param tensorBoard the TensorBoard event file (d3rlpy's TensorBoard option), or null; not
   *     closed by this buffer
   * @param verbose where verbose lines go (d3rlpy's {@code verbose}, normally {@code System.out}),
   *     or null
   */
  public MetricsBuffer(
      MetricCsvLogger csv, TensorBoardEventWriter tensorBoard, PrintStream verbose) {
    this.csv = csv;
    this.tensorBoard = tensorBoard;
    this.verbose = verbose;
  }

  /**
   * Records one iteration's value of a metric.
   *
   * @param name the metric name, such as {@code critic_loss}
   * @param value the value; NaN is kept and makes the epoch's mean NaN, as in d3rlpy
   */
  public void add(String name, double value) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("metric name must be non-empty, got: " + name);
    }
    values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  /**
   * The metric names recorded since the last commit, in first-added order.
   *
   * @return an unmodifiable view of the names
   */
  public Set<String> pendingNames() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /**
   * Writes the mean of each metric recorded since the last commit to every enabled output and
   * empties the buffer. An epoch without any values commits nothing.
   *
   * @param epoch the 0-based epoch
   * @param totalStep the cumulative iteration count at the end of the epoch
   * @return the means by metric name, in first-added order (unmodifiable)
   * @throws IOException if an output cannot be written; the buffer is emptied all the same
   */
  public Map<String, Double> commit(int epoch, long totalStep) throws IOException {
    Map<String, Double> means = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> e : values.entrySet()) {
      means.put(e.getKey(), mean(e.getValue()));
    }
    values.clear();
    for (Map.Entry<String, Double> e : means.entrySet()) {
      String name = e.getKey();
      double mean = e.getValue();
      if (csv != null) {
        csv.log(name, epoch, totalStep, mean);
      }
      if (verbose != null) {
        verbose.println(verboseLine(epoch, totalStep, name, mean));
      }
      if (tensorBoard != null) {
        tensorBoard.addMetric(name, mean, epoch);
      }
    }
    if (tensorBoard != null) {
      tensorBoard.flush();
    }
    return Collections.unmodifiableMap(means);
  }

  /**
   * The verbose line, Python's {@code 'epoch=%d step=%d %s=%f' % (epoch, step, name, value)}.
   *
   * @param epoch the epoch
   * @param totalStep the total step
   * @param name the metric name
   * @param value the mean
   * @return the line, without a newline
   */
  public static String verboseLine(int epoch, long totalStep, String name, double value) {
    return "epoch="
        + epoch
        + " step="
        + totalStep
        + " "
        + name
        + "="
        + MetricCsvLogger.formatPythonF(value);
  }

  // Left-to-right summation, like Python's sum(buffer) / len(buffer).
  private static double mean(List<Double> xs) {
    double sum = 0.0;
    for (double x : xs) {
      sum += x;
    }
    return sum / xs.size();
  }
}
