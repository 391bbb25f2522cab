package io.sparkrl.spark.report;

import io.sparkrl.core.logging.MetricCsvLogger;
import io.sparkrl.core.storage.RunDirectory;
import io.sparkrl.core.storage.RunStorage;
import io.sparkrl.core.train.MetricNames;
import io.sparkrl.core.train.TrainingLog;
import io.sparkrl.spark.provenance.RunRecorder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A run's report: {@value #REPORT_FILE} and one PNG learning curve per metric ({@code
 * <metric>.png}, value against epoch, {@value #WIDTH}×{@value #HEIGHT} pixels), written into the
 * run directory through {@link RunStorage}, each file atomically.
 *
 * <p>The metrics are the run directory's d3rlpy-style CSVs ({@code <metric>.csv}): {@link
 * #TRAINING_METRICS} first, then any others (evaluation scores such as {@code environment}) by
 * name. A "Training" section follows with {@link TrainingLogCharts}: every iteration's losses and
 * each epoch's time split and throughput. The HTML embeds each PNG by relative {@code src}, has a
 * table of each metric's final value, and links to {@code params.json} and {@code run.json}.
 * Non-finite values are listed in the table but left out of the curves.
 *
 * <p>Charts are drawn off screen with Java2D; the JVM must be able to run headless ({@code
 * -Djava.awt.headless=true}, which {@code scripts/submit.sh} sets, or no {@code DISPLAY}).
 */
public final class TrainingReport {

  /** The report's file name. */
  public static final String REPORT_FILE = "report.html";

  /** The metrics d3rlpy's DiscreteAWR logs every epoch, plotted first in this order. */
  public static final List<String> TRAINING_METRICS = MetricNames.PER_ITERATION;

  /** The PNG extension of the plots. */
  public static final String PNG_EXTENSION = ".png";

  /** Plot width in pixels. */
  public static final int WIDTH = 800;

  /** Plot height in pixels. */
  public static final int HEIGHT = 500;

  private TrainingReport() {}

  /**
   * Reads the run directory's metric CSVs and writes the plots and the report.
   *
   * @param storage the storage holding the run directory
   * @param runDirectory the run directory
   * @return the series plotted, in report order
   * @throws IOException if a file cannot be read or written; names the path
   * @throws IllegalArgumentException if a CSV is malformed, naming the file and line
   */
  public static List<MetricSeries> write(RunStorage storage, String runDirectory)
      throws IOException {
    List<MetricSeries> series = new ArrayList<>();
    for (String metric : metricNames(storage.list(runDirectory))) {
      String csv = storage.resolve(runDirectory, metric + MetricCsvLogger.EXTENSION);
      series.add(MetricSeries.read(storage, csv, metric));
    }
    for (MetricSeries s : series) {
      if (s.size() > 0) {
        XYChart chart = chart(s);
        storage.writeAtomically(
            storage.resolve(runDirectory, s.name() + PNG_EXTENSION),
            out -> ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out));
      }
    }
    String training = TrainingLogCharts.write(storage, runDirectory);
    storage.writeTextAtomically(
        storage.resolve(runDirectory, REPORT_FILE), html(runDirectory, series, training));
    return series;
  }

  /** The metric names among a directory's entries, training metrics first, then by name. */
  static List<String> metricNames(List<String> entries) {
    List<String> names = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String entry : entries) {
      if (entry.endsWith(MetricCsvLogger.EXTENSION)
          && !entry.startsWith(".")
          && !entry.equals(TrainingLog.ITERATIONS_FILE)
          && !entry.equals(TrainingLog.TIMING_FILE)) {
        String name = entry.substring(0, entry.length() - MetricCsvLogger.EXTENSION.length());
        (TRAINING_METRICS.contains(name) ? names : others).add(name);
      }
    }
    names.sort((a, b) -> TRAINING_METRICS.indexOf(a) - TRAINING_METRICS.indexOf(b));
    others.sort(null);
    names.addAll(others);
    return names;
  }

  private static XYChart chart(MetricSeries s) {
    int[] epochs = s.epochs();
    double[] values = s.values();
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i])) {
        x.add((double) epochs[i]);
        y.add(values[i]);
      }
    }
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(s.name())
            .xAxisTitle("epoch")
            .yAxisTitle(s.name())
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    if (x.isEmpty()) {
      // Only non-finite values: an empty frame still shows that the metric exists.
      x.add(0.0);
      y.add(0.0);
    }
    chart.addSeries(s.name(), x, y).setMarker(SeriesMarkers.CIRCLE);
    return chart;
  }

  static String html(String runDirectory, List<MetricSeries> series, String training) {
    StringBuilder h = new StringBuilder();
    String title = "sparkrl run " + lastSegment(runDirectory);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}")
        .append("td.num{text-align:right}</style>\n</head>\n<body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n<p><a href=\"")
        .append(RunDirectory.PARAMS_FILE)
        .append("\">")
        .append(RunDirectory.PARAMS_FILE)
        .append("</a> · <a href=\"")
        .append(RunRecorder.RUN_FILE)
        .append("\">")
        .append(RunRecorder.RUN_FILE)
        .append("</a></p>\n<h2>Final values</h2>\n<table>\n")
        .append("<tr><th>metric</th><th>epochs</th><th>last epoch</th><th>total steps</th>")
        .append("<th>value</th></tr>\n");
    for (MetricSeries s : series) {
      int last = s.size() - 1;
      h.append("<tr><td>").append(escape(s.name())).append("</td><td class=\"num\">");
      h.append(s.size()).append("</td>");
      if (last < 0) {
        h.append("<td></td><td></td><td>no values</td></tr>\n");
      } else {
        h.append("<td class=\"num\">").append(s.epochs()[last]).append("</td>");
        h.append("<td class=\"num\">").append(s.totalSteps()[last]).append("</td>");
        h.append("<td class=\"num\">").append(format(s.values()[last])).append("</td></tr>\n");
      }
    }
    h.append("</table>\n<h2>Learning curves</h2>\n");
    for (MetricSeries s : series) {
      if (s.size() > 0) {
        String png = escape(s.name() + PNG_EXTENSION);
        h.append("<figure><img src=\"").append(png).append("\" alt=\"").append(escape(s.name()));
        h.append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT);
        h.append("\"><figcaption>").append(escape(s.name())).append(" per epoch");
        h.append("</figcaption></figure>\n");
      }
    }
    if (!training.isEmpty()) {
      h.append("<h2>Training</h2>\n").append(training);
    }
    return h.append("</body>\n</html>\n").toString();
  }

  private static String format(double v) {
    return Double.isFinite(v)
        ? String.format(Locale.ROOT, "%.6g", v)
        : MetricCsvLogger.formatPythonF(v);
  }

  private static String lastSegment(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
