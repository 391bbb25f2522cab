package io.sparkrl.spark.report;

import io.sparkrl.core.storage.RunStorage;
import io.sparkrl.core.train.TrainingLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts of {@link TrainingLog}'s files: the losses of every iteration against the
 * total step ({@value #ITERATIONS_PNG}), and per epoch where the time went (stage 1, the workers'
 * steps, synchronisation, the rest, evaluation; {@value #TIMING_PNG}) with the throughput.
 */
final class TrainingLogCharts {

  /** Per-iteration losses. */
  static final String ITERATIONS_PNG = "iterations.png";

  /** Per-epoch time split. */
  static final String TIMING_PNG = "timing.png";

  /** The time columns of {@value TrainingLog#TIMING_FILE} plotted, with their labels. */
  private static final Map<String, String> TIME_PARTS = new LinkedHashMap<>();

  static {
    TIME_PARTS.put("stage1_s", "stage 1");
    TIME_PARTS.put("compute_s", "SGD steps");
    TIME_PARTS.put("sync_s", "synchronisation");
    TIME_PARTS.put("other_s", "scheduling and transfers");
    TIME_PARTS.put("eval_s", "evaluation and checkpoints");
  }

  private TrainingLogCharts() {}

  /** A CSV with a header: its column names and rows of numbers. */
  record Table(List<String> columns, List<double[]> rows) {
    double[] column(String name) {
      int c = columns.indexOf(name);
      double[] out = new double[rows.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = rows.get(i)[c];
      }
      return out;
    }
  }

  /**
   * Reads a header-first CSV of numbers, or returns null when the file is absent.
   *
   * @throws IllegalArgumentException naming the file and line of a malformed row
   */
  static Table read(RunStorage storage, String path) throws IOException {
    if (!storage.exists(path)) {
      return null;
    }
    List<String> columns = null;
    List<double[]> rows = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(storage.open(path), StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        if (columns == null) {
          columns = List.of(fields);
          continue;
        }
        if (fields.length != columns.size()) {
          throw new IllegalArgumentException(
              path
                  + ", line "
                  + number
                  + ": "
                  + fields.length
                  + " fields, the header has "
                  + columns.size());
        }
        double[] row = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
          try {
            row[i] = Double.parseDouble(fields[i]);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                path + ", line " + number + ": '" + fields[i] + "' is not a number", e);
          }
        }
        rows.add(row);
      }
    }
    return columns == null ? null : new Table(columns, rows);
  }

  /** Writes the charts; returns the HTML section that shows them (empty without the files). */
  static String write(RunStorage storage, String runDirectory) throws IOException {
    StringBuilder html = new StringBuilder();
    Table iterations = read(storage, storage.resolve(runDirectory, TrainingLog.ITERATIONS_FILE));
    if (iterations != null && !iterations.rows().isEmpty()) {
      XYChart chart =
          new XYChartBuilder()
              .width(TrainingReport.WIDTH)
              .height(TrainingReport.HEIGHT)
              .title("losses per iteration")
              .xAxisTitle("total step")
              .yAxisTitle("loss")
              .build();
      chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
      double[] steps = iterations.column("total_step");
      for (String loss : List.of("critic_loss", "actor_loss")) {
        // a diverged run logs inf or NaN losses, which a chart cannot place: they are left out
        double[] values = iterations.column(loss);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
          if (Double.isFinite(values[i]) && Double.isFinite(steps[i])) {
            x.add(steps[i]);
            y.add(values[i]);
          }
        }
        if (x.isEmpty()) {
          x.add(0.0);
          y.add(0.0);
        }
        chart.addSeries(loss, x, y).setMarker(SeriesMarkers.NONE);
      }
      save(storage, runDirectory, ITERATIONS_PNG, BitmapEncoder.getBufferedImage(chart));
      html.append(figure(ITERATIONS_PNG, "critic and actor loss of every iteration"));
    }
    Table timing = read(storage, storage.resolve(runDirectory, TrainingLog.TIMING_FILE));
    if (timing != null && !timing.rows().isEmpty()) {
      CategoryChart chart =
          new CategoryChartBuilder()
              .width(TrainingReport.WIDTH)
              .height(TrainingReport.HEIGHT)
              .title("where each epoch's time went")
              .xAxisTitle("epoch")
              .yAxisTitle("seconds")
              .build();
      chart.getStyler().setStacked(true);
      chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
      List<String> epochs = new ArrayList<>();
      for (double e : timing.column("epoch")) {
        epochs.add(Integer.toString((int) e));
      }
      for (Map.Entry<String, String> part : TIME_PARTS.entrySet()) {
        List<Double> values = new ArrayList<>();
        for (double v : timing.column(part.getKey())) {
          values.add(v);
        }
        chart.addSeries(part.getValue(), epochs, values);
      }
      save(storage, runDirectory, TIMING_PNG, BitmapEncoder.getBufferedImage(chart));
      html.append(figure(TIMING_PNG, "stage 1, SGD steps, synchronisation and the rest per epoch"));
      html.append("<table>\n<tr><th>epoch</th><th>seconds</th><th>transitions/s</th>")
          .append("<th>SGD steps/s</th><th>synchronisation share of training</th></tr>\n");
      for (double[] row : timing.rows()) {
        Map<String, Double> r = new LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
          r.put(timing.columns().get(i), row[i]);
        }
        double total = r.get("stage1_s") + r.get("train_s") + r.get("eval_s");
        html.append(
            String.format(
                java.util.Locale.ROOT,
                "<tr><td class=\"num\">%d</td><td class=\"num\">%.1f</td><td class=\"num\">%.0f</td>"
                    + "<td class=\"num\">%.0f</td><td class=\"num\">%.1f %%</td></tr>%n",
                (int) (double) r.get("epoch"),
                total,
                r.get("transitions_per_s"),
                r.get("steps_per_s"),
                100 * r.get("sync_s") / Math.max(1e-9, r.get("train_s"))));
      }
      html.append("</table>\n");
    }
    return html.toString();
  }

  private static void save(
      RunStorage storage, String runDirectory, String name, java.awt.image.BufferedImage image)
      throws IOException {
    storage.writeAtomically(
        storage.resolve(runDirectory, name), out -> ImageIO.write(image, "png", out));
  }

  private static String figure(String png, String caption) {
    return "<figure><img src=\""
        + png
        + "\" alt=\""
        + TrainingReport.escape(caption)
        + "\" width=\""
        + TrainingReport.WIDTH
        + "\" height=\""
        + TrainingReport.HEIGHT
        + "\"><figcaption>"
        + TrainingReport.escape(caption)
        + "</figcaption></figure>\n";
  }
}
