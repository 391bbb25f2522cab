package io.sparkrl.core.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Progress lines for people: a few per epoch with the iteration, the latest losses, the throughput
 * and an estimate of the time left, and per epoch its metrics and where its time went (stage 1,
 * steps, synchronisation, the rest).
 */
public final class TrainingProgress implements TrainingListener {

  private static final int LINES_PER_EPOCH = 4;

  private final PrintStream out;
  private final String prefix;
  private final int epochs;
  private final long runStart = System.nanoTime();
  private int epoch;
  private int iterations;
  private long itersDone;
  private int epochsDone;

  /**
   * @param out where the lines go
   * @param prefix starts every line (e.g. {@code "sparkrl: "})
   * @param epochs epochs this run trains
   */
  public TrainingProgress(PrintStream out, String prefix, int epochs) {
    this.out = out;
    this.prefix = prefix;
    this.epochs = epochs;
  }

  @Override
  public void epochStarted(int epoch, int iterations) {
    this.epoch = epoch;
    this.iterations = iterations;
  }

  @Override
  public void iterationDone(IterationResult r) {
    itersDone++;
    int every = Math.max(1, iterations / LINES_PER_EPOCH);
    if ((r.iteration() + 1) % every != 0 && r.iteration() + 1 != iterations) {
      return;
    }
    double elapsed = (System.nanoTime() - runStart) / 1e9;
    long left = (long) (epochs - epochsDone) * iterations - (r.iteration() + 1);
    out.printf(
        Locale.ROOT,
        "%sepoch %d iteration %d/%d critic_loss %.4f actor_loss %.4f weights %.3f"
            + " (%.0f s elapsed, ~%.0f s left)%n",
        prefix,
        epoch,
        r.iteration() + 1,
        iterations,
        r.criticLoss(),
        r.actorLoss(),
        r.weights(),
        elapsed,
        elapsed / itersDone * left);
  }

  @Override
  public void epochDone(EpochTiming t, Map<String, Double> metrics) {
    epochsDone++;
    StringBuilder line = new StringBuilder(prefix + "epoch " + t.epoch() + " done:");
    metrics.forEach(
        (k, v) ->
            line.append(' ').append(k).append('=').append(String.format(Locale.ROOT, "%.4f", v)));
    out.println(line);
    out.printf(
        Locale.ROOT,
        "%sepoch %d time %.1f s: stage 1 %.1f s, steps %.1f s, sync %.1f s, other %.1f s,"
            + " eval %.1f s; %.0f transitions/s, %.0f SGD steps/s%n",
        prefix,
        t.epoch(),
        t.totalSeconds(),
        t.stage1Seconds(),
        t.computeSeconds(),
        t.syncSeconds(),
        t.overheadSeconds(),
        t.evalSeconds(),
        t.transitionsPerSecond(),
        t.stepsPerSecond());
  }
}
