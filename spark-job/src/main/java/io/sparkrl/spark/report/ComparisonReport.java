package io.sparkrl.spark.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkrl.core.ope.BootstrapIntervals.Interval;
import io.sparkrl.core.storage.RunStorage;
import io.sparkrl.spark.ope.EvaluationResult;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A retrain's comparison report, {@value #REPORT_FILE} in the challenger's run directory: the
 * gate's decision, each estimator's value and interval for champion and challenger (a table and a
 * plot), the environment returns where there are any, and the challenger's learning curves (the
 * run's own report's plots).
 */
public final class ComparisonReport {

  /** The report's file name in the run directory. */
  public static final String REPORT_FILE = "comparison.html";

  /** The plot of the estimates with their intervals. */
  public static final String ESTIMATES_PNG = "comparison-estimates.png";

  private static final Color CHAMPION = new Color(0x1f, 0x77, 0xb4);
  private static final Color CHALLENGER = new Color(0xd6, 0x27, 0x28);

  private ComparisonReport() {}

  /**
   * Writes the report and its plot.
   *
   * @param storage the run directory's storage
   * @param runDirectory the challenger's finished run
   * @param name the model's registry name
   * @param champion the champion's evaluation, or null without a champion
   * @param challenger the challenger's evaluation
   * @param publish the gate's decision
   * @param reason the gate's reason
   * @param evaluation the whole evaluation record (environment returns included)
   * @return the report's path
   */
  public static String write(
      RunStorage storage,
      String runDirectory,
      String name,
      EvaluationResult champion,
      EvaluationResult challenger,
      boolean publish,
      String reason,
      JsonNode evaluation)
      throws IOException {
    XYChart chart = chart(champion, challenger);
    storage.writeAtomically(
        storage.resolve(runDirectory, ESTIMATES_PNG),
        out -> ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out));
    List<String> curves = new ArrayList<>();
    List<String> entries = storage.list(runDirectory);
    for (String metric : TrainingReport.metricNames(entries)) {
      if (entries.contains(metric + TrainingReport.PNG_EXTENSION)) {
        curves.add(metric);
      }
    }
    String path = storage.resolve(runDirectory, REPORT_FILE);
    storage.writeTextAtomically(
        path, html(name, champion, challenger, publish, reason, evaluation, curves));
    return path;
  }

  static XYChart chart(EvaluationResult champion, EvaluationResult challenger) {
    XYChart chart =
        new XYChartBuilder()
            .width(TrainingReport.WIDTH)
            .height(TrainingReport.HEIGHT)
            .title("Estimated policy value, " + percent(challenger.level()) + " intervals")
            .xAxisTitle("estimator (1 = " + challenger.estimates().get(0).estimator().key() + ")")
            .yAxisTitle("discounted return")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    if (champion != null) {
      addModel(chart, "champion", champion, -0.1, CHAMPION);
    }
    addModel(chart, "challenger", challenger, 0.1, CHALLENGER);
    return chart;
  }

  private static void addModel(
      XYChart chart, String label, EvaluationResult result, double offset, Color color) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    List<Interval> estimates = result.estimates();
    for (int i = 0; i < estimates.size(); i++) {
      Interval e = estimates.get(i);
      if (Double.isFinite(e.value())) {
        x.add(i + 1 + offset);
        y.add(e.value());
      }
      if (Double.isFinite(e.low()) && Double.isFinite(e.high())) {
        XYSeries bar =
            chart.addSeries(
                label + " " + e.estimator().key() + " interval",
                List.of(i + 1 + offset, i + 1 + offset),
                List.of(e.low(), e.high()));
        bar.setMarker(SeriesMarkers.NONE).setLineColor(color).setShowInLegend(false);
      }
    }
    if (x.isEmpty()) {
      return;
    }
    XYSeries points = chart.addSeries(label, x, y);
    points.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
    points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
  }

  static String html(
      String name,
      EvaluationResult champion,
      EvaluationResult challenger,
      boolean publish,
      String reason,
      JsonNode evaluation,
      List<String> curves) {
    StringBuilder h = new StringBuilder();
    String title = "sparkrl retrain of " + name;
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(esc(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}")
        .append("td.num{text-align:right}</style>\n</head>\n<body>\n<h1>")
        .append(esc(title))
        .append("</h1>\n<h2>Decision: ")
        .append(publish ? "challenger published" : "champion kept")
        .append("</h2>\n<p>")
        .append(esc(reason))
        .append("</p>\n<p>Evaluated on ")
        .append(esc(challenger.data()))
        .append(": ")
        .append(challenger.episodes())
        .append(" episodes, ")
        .append(challenger.transitions())
        .append(" transitions, γ ")
        .append(challenger.gamma())
        .append(", ")
        .append(esc(challenger.target()))
        .append(" policy.</p>\n<h2>Estimates</h2>\n<table>\n<tr><th>estimator</th>");
    if (champion != null) {
      h.append("<th>champion</th><th>interval</th>");
    }
    h.append("<th>challenger</th><th>interval</th></tr>\n");
    for (Interval mine : challenger.estimates()) {
      h.append("<tr><td>").append(esc(mine.estimator().key())).append("</td>");
      if (champion != null) {
        Interval theirs = champion.estimate(mine.estimator()).orElse(null);
        cells(h, theirs);
      }
      cells(h, mine);
      h.append("</tr>\n");
    }
    h.append("</table>\n<figure><img src=\"")
        .append(ESTIMATES_PNG)
        .append("\" alt=\"estimates\" width=\"")
        .append(TrainingReport.WIDTH)
        .append("\" height=\"")
        .append(TrainingReport.HEIGHT)
        .append("\"></figure>\n");
    JsonNode env = evaluation.path("environment");
    if (env.isObject()) {
      h.append("<h2>Environment</h2>\n<p>Mean return over ")
          .append(env.path("episodes").asInt())
          .append(" episodes of ")
          .append(esc(env.path("env").asText()))
          .append(" (not used by the gate): challenger ")
          .append(format(env.path("challenger").asDouble(Double.NaN)));
      if (env.has("champion")) {
        h.append(", champion ").append(format(env.path("champion").asDouble(Double.NaN)));
      }
      h.append(".</p>\n");
    }
    h.append("<h2>Challenger's learning curves</h2>\n<p><a href=\"")
        .append(TrainingReport.REPORT_FILE)
        .append("\">the run's report</a></p>\n");
    for (String metric : curves) {
      h.append("<figure><img src=\"")
          .append(esc(metric + TrainingReport.PNG_EXTENSION))
          .append("\" alt=\"")
          .append(esc(metric))
          .append("\" width=\"")
          .append(TrainingReport.WIDTH)
          .append("\" height=\"")
          .append(TrainingReport.HEIGHT)
          .append("\"><figcaption>")
          .append(esc(metric))
          .append(" per epoch</figcaption></figure>\n");
    }
    return h.append("</body>\n</html>\n").toString();
  }

  private static void cells(StringBuilder h, Interval i) {
    if (i == null) {
      h.append("<td></td><td></td>");
      return;
    }
    h.append("<td class=\"num\">").append(format(i.value())).append("</td><td class=\"num\">[");
    h.append(format(i.low())).append(", ").append(format(i.high())).append("]</td>");
  }

  private static String format(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
  }

  private static String percent(double level) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * level);
  }

  private static String esc(String text) {
    return TrainingReport.escape(text);
  }
}
