package io.sparkrl.spark.report;

import io.sparkrl.core.storage.RunStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One metric's values per epoch, as d3rlpy writes them to {@code <metric>.csv}: lines {@code
 * epoch,total_step,value}, no header; values may be {@code nan}, {@code inf} or {@code -inf}
 * (Python's {@code %f}).
 *
 * @param name the metric name (the file name without {@code .csv})
 * @param epochs the epochs, in file order
 * @param totalSteps the total iteration count at each epoch's end
 * @param values the values
 */
public record MetricSeries(String name, int[] epochs, long[] totalSteps, double[] values) {

  /**
   * Checks that the three columns have the same length and copies them.
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public MetricSeries {
    if (epochs.length != totalSteps.length || epochs.length != values.length) {
      throw new IllegalArgumentException(
          name
              + ": columns differ in length: "
              + epochs.length
              + ", "
              + totalSteps.length
              + ", "
              + values.length);
    }
    epochs = epochs.clone();
    totalSteps = totalSteps.clone();
    values = values.clone();
  }

  /**
   * Reads a metric file.
   *
   * @param storage the storage holding it
   * @param path the file's path
   * @param name the metric's name
   * @return its series; empty if the file is
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if a line is not {@code int,int,number}, naming the file and
   *     line
   */
  public static MetricSeries read(RunStorage storage, String path, String name) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(storage.open(path), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    }
    lines.removeIf(String::isBlank);
    int n = lines.size();
    int[] epochs = new int[n];
    long[] steps = new long[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      String[] parts = lines.get(i).strip().split(",", -1);
      try {
        if (parts.length != 3) {
          throw new NumberFormatException("expected 3 fields");
        }
        epochs[i] = Integer.parseInt(parts[0]);
        steps[i] = Long.parseLong(parts[1]);
        values[i] = parseValue(parts[2]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            path
                + ", line "
                + (i + 1)
                + ": expected epoch,total_step,value, got '"
                + lines.get(i)
                + "'",
            e);
      }
    }
    return new MetricSeries(name, epochs, steps, values);
  }

  /** Python's {@code %f} text of a double, including its non-finite spellings. */
  static double parseValue(String text) {
    return switch (text.strip()) {
      case "nan", "-nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /**
   * The number of epochs recorded.
   *
   * @return the row count
   */
  public int size() {
    return values.length;
  }

  @Override
  public int[] epochs() {
    return epochs.clone();
  }

  @Override
  public long[] totalSteps() {
    return totalSteps.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricSeries m
        && name.equals(m.name)
        && Arrays.equals(epochs, m.epochs)
        && Arrays.equals(totalSteps, m.totalSteps)
        && Arrays.equals(values, m.values);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "MetricSeries[" + name + ", " + values.length + " epochs]";
  }
}
