package io.sparkrl.spark.job;

import io.sparkrl.core.algo.UpdateResult;
import java.io.PrintStream;
import java.util.Map;

/**
 * The driver's progress lines: a few per epoch with the iteration, the latest losses and an
 * estimate of the time left in the run, and one line of metrics per epoch.
 */
final class TrainProgress {

  private static final int LINES_PER_EPOCH = 4;

  private final PrintStream out;
  private final int epochs;
  private final int perEpoch;
  private final long runStart = System.nanoTime();
  private int epoch;
  private long itersDone;

  TrainProgress(PrintStream out, int epochs, int perEpoch) {
    this.out = out;
    this.epochs = epochs;
    this.perEpoch = perEpoch;
  }

  void startEpoch(int epoch) {
    this.epoch = epoch;
  }

  void iterationDone(int iteration, UpdateResult r) {
    itersDone++;
    int every = Math.max(1, perEpoch / LINES_PER_EPOCH);
    if ((iteration + 1) % every != 0 && iteration + 1 != perEpoch) {
      return;
    }
    double elapsed = (System.nanoTime() - runStart) / 1e9;
    long left = (long) (epochs - epoch) * perEpoch - (iteration + 1);
    double eta = elapsed / itersDone * left;
    out.printf(
        "sparkrl: epoch %d/%d iteration %d/%d critic_loss %.4f actor_loss %.4f weights %.3f"
            + " (%.0f s elapsed, ~%.0f s left)%n",
        epoch + 1,
        epochs,
        iteration + 1,
        perEpoch,
        r.criticLoss(),
        r.actorLoss(),
        r.weights(),
        elapsed,
        eta);
  }

  void epochDone(int epoch, Map<String, Double> metrics) {
    StringBuilder line = new StringBuilder("sparkrl: epoch " + (epoch + 1) + " done:");
    metrics.forEach(
        (k, v) -> line.append(' ').append(k).append('=').append(String.format("%.4f", v)));
    out.println(line);
  }
}
