package io.sparkrl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A cost model of a training epoch, fitted to this machine's measurements, projecting the epoch's
 * wall time for larger datasets and clusters. Inputs (the last summary line of each): {@code
 * bench/cluster-epoch.jsonl} (compute per SGD step with one worker, the slow-down when two workers
 * share the machine, the workers' waiting per averaging period, the cost of a barrier stage),
 * {@code bench/exchange.jsonl} (the exchange's cost per float and per tree level over loopback) and
 * the stage 1 rate of the same cluster runs.
 *
 * <pre>
 *   epoch(N, E) = stage1(N) / E + G · (S · t_step + P · (t_exchange(E) + t_wait(E))) + ⌈G / 8⌉ · t_stage
 *   G = ⌈N / B / E⌉ groups (iterations mode), S = 1200 steps, P = ⌈200 / f⌉ + ⌈1000 / f⌉ periods
 *   (averaging every f steps, the measured runs' job.averaging_frequency)
 *   t_exchange(E) = levels(E) · (latency + 12 bytes · state floats / bandwidth)
 *   t_wait(E) = σ · e(E)   (e: the expected maximum of E standard normals; σ fitted at E = 2)
 * </pre>
 *
 * The measured part is one machine with at most two workers; everything at 8, 32 and 128 executors
 * is extrapolation under the stated assumptions (a core per worker, the network's latency and
 * bandwidth given below, no stragglers beyond the fitted jitter). Writes {@code
 * docs/cost-model.png} and prints a markdown table.
 *
 * <pre>
 *   CostModel BENCH_DIR OUT_PNG [LATENCY_MS=0.2] [BANDWIDTH_GBPS=10]
 * </pre>
 */
public final class CostModel {

  private static final int BATCH = 2048;
  private static final int CRITIC_STEPS = 200;
  private static final int ACTOR_STEPS = 1000;
  private static final int STEPS = CRITIC_STEPS + ACTOR_STEPS;
  private static final int GROUPS_PER_STAGE = 8;
  private static final long STATE_FLOATS = 134_000;
  private static final long[] SIZES = {10_000_000L, 100_000_000L};
  private static final int[] EXECUTORS = {1, 2, 8, 32, 128};

  private CostModel() {}

  /** The fitted constants, in seconds. */
  record Fit(
      int periods,
      double stepSeconds,
      double stage1SecondsPerRow,
      double stageSeconds,
      double sigmaSeconds,
      double latencySeconds,
      double secondsPerByte) {

    double epoch(long transitions, int executors) {
      long iterations = transitions / BATCH;
      long groups = (iterations + executors - 1) / executors;
      double stage1 = transitions * stage1SecondsPerRow / executors;
      double sync = executors == 1 ? 0 : periods * (exchange(executors) + wait(executors));
      double stages = Math.ceil((double) groups / GROUPS_PER_STAGE) * stageSeconds;
      return stage1 + groups * (STEPS * stepSeconds + sync) + stages;
    }

    double exchange(int executors) {
      int levels = 32 - Integer.numberOfLeadingZeros(executors - 1);
      return levels * (latencySeconds + 12.0 * STATE_FLOATS * secondsPerByte);
    }

    double wait(int executors) {
      return sigmaSeconds * expectedMax(executors);
    }
  }

  public static void main(String[] args) throws IOException {
    Path bench = Path.of(args[0]);
    Path png = Path.of(args[1]);
    double latencyMs = args.length > 2 ? Double.parseDouble(args[2]) : 0.2;
    double gbps = args.length > 3 ? Double.parseDouble(args[3]) : 10;
    ObjectMapper json = new ObjectMapper();
    JsonNode cluster = last(json, bench.resolve("cluster-epoch.jsonl"), "cluster_epoch");
    JsonNode w1 = cluster.path("variants").path("w1");
    JsonNode w2 = cluster.path("variants").path("w2_barrier");
    long transitions = cluster.path("transitions").asLong();
    long iterations = transitions / BATCH;
    int frequency = cluster.path("averaging_frequency").asInt(50);
    int periods = ceilDiv(CRITIC_STEPS, frequency) + ceilDiv(ACTOR_STEPS, frequency);
    double step = med(w1, "compute_seconds") / (iterations * STEPS);
    double stage1PerRow = med(w1, "stage1_seconds") / transitions;
    long stagesW1 = (iterations + GROUPS_PER_STAGE - 1) / GROUPS_PER_STAGE;
    double stage = med(w1, "other_seconds") / stagesW1;
    long groupsW2 = (iterations + 1) / 2;
    double waitPerPeriod = med(w2, "sync_seconds") / (groupsW2 * periods);
    JsonNode exchange = lastMatching(json, bench.resolve("exchange.jsonl"), 2, STATE_FLOATS);
    double exchangeK2 = exchange == null ? 0 : med(exchange, "ms_per_round") / 1e3;
    // the K = 2 waiting beyond the exchange itself is the jitter: E[max of 2] - mean = 0.564 σ
    double sigma = Math.max(0, waitPerPeriod - exchangeK2) / expectedMax(2);
    Fit fit =
        new Fit(periods, step, stage1PerRow, stage, sigma, latencyMs / 1e3, 1 / (gbps * 1e9 / 8));

    System.out.printf(
        Locale.ROOT,
        "Fitted on %,d transitions, averaging every %d steps (%d periods per iteration): %.3f ms per SGD step, %.2f µs of stage 1 per row, %.0f ms per"
            + " barrier stage, exchange at K=2 %.2f ms per period (loopback), jitter σ %.1f ms per"
            + " period; assumed network: %.1f ms latency, %.0f Gb/s.%n%n",
        transitions,
        frequency,
        periods,
        step * 1e3,
        stage1PerRow * 1e6,
        stage * 1e3,
        exchangeK2 * 1e3,
        sigma * 1e3,
        latencyMs,
        gbps);
    System.out.println(
        "| transitions | executors | groups | SGD s | sync s | stage 1 s | epoch | vs 1 executor |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title("projected epoch (d3rlpy defaults), iterations mode")
            .xAxisTitle("executors")
            .yAxisTitle("epoch, hours")
            .build();
    chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    for (long n : SIZES) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      List<Double> ideal = new ArrayList<>();
      double one = fit.epoch(n, 1);
      for (int e : EXECUTORS) {
        double t = fit.epoch(n, e);
        long groups = (n / BATCH + e - 1) / e;
        System.out.printf(
            Locale.ROOT,
            "| %,d | %d | %,d | %.0f | %.0f | %.0f | %s | %.3f |%n",
            n,
            e,
            groups,
            groups * STEPS * step,
            e == 1 ? 0 : groups * fit.periods * (fit.exchange(e) + fit.wait(e)),
            n * stage1PerRow / e,
            human(t),
            t / one);
        xs.add((double) e);
        ys.add(t / 3600);
        ideal.add(one / e / 3600);
      }
      chart
          .addSeries(String.format(Locale.ROOT, "%,d transitions", n), xs, ys)
          .setMarker(SeriesMarkers.CIRCLE);
      chart
          .addSeries(String.format(Locale.ROOT, "%,d, ideal 1/K", n), xs, ideal)
          .setMarker(SeriesMarkers.NONE);
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png.toFile());
  }

  /** E[max of k independent standard normals] (tabulated; interpolated in ln k beyond). */
  static double expectedMax(int k) {
    double[][] table = {
      {1, 0},
      {2, 0.5642},
      {4, 1.0294},
      {8, 1.4236},
      {16, 1.7660},
      {32, 2.0697},
      {64, 2.3409},
      {128, 2.5868}
    };
    for (int i = 1; i < table.length; i++) {
      if (k <= table[i][0]) {
        double a = Math.log(table[i - 1][0]);
        double b = Math.log(table[i][0]);
        double t = (Math.log(k) - a) / (b - a);
        return table[i - 1][1] + t * (table[i][1] - table[i - 1][1]);
      }
    }
    return table[table.length - 1][1];
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static String human(double seconds) {
    return seconds >= 3600
        ? String.format(Locale.ROOT, "%.1f h", seconds / 3600)
        : String.format(Locale.ROOT, "%.0f min", seconds / 60);
  }

  private static double med(JsonNode node, String field) {
    return node.path(field).path("median").asDouble();
  }

  private static JsonNode last(ObjectMapper json, Path file, String benchmark) throws IOException {
    JsonNode found = null;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("{")) {
        JsonNode n = json.readTree(line);
        if (benchmark.equals(n.path("benchmark").asText())) {
          found = n;
        }
      }
    }
    if (found == null) {
      throw new IllegalArgumentException(file + ": no " + benchmark + " line");
    }
    return found;
  }

  private static JsonNode lastMatching(ObjectMapper json, Path file, int workers, long floats)
      throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode found = null;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("{")) {
        JsonNode n = json.readTree(line);
        if (n.path("workers").asInt() == workers && n.path("floats").asLong() == floats) {
          found = n;
        }
      }
    }
    return found;
  }
}
