package io.sparkrl.core.train;

import io.sparkrl.core.storage.RunStorage;
import java.io.IOException;
import java.util.Locale;

/**
 * The run directory's per-iteration and per-epoch records beside d3rlpy's per-epoch metric CSVs:
 * {@value #ITERATIONS_FILE} (one row per iteration: its losses and mean weight) and {@value
 * #TIMING_FILE} (one row per epoch: where its time went and the throughput). Both have a header.
 */
public final class TrainingLog implements TrainingListener {

  /** One row per iteration. */
  public static final String ITERATIONS_FILE = "iterations.csv";

  /** One row per epoch. */
  public static final String TIMING_FILE = "timing.csv";

  /** {@value #ITERATIONS_FILE}'s header. */
  public static final String ITERATIONS_HEADER =
      "epoch,iteration,total_step,critic_loss,actor_loss,weights\n";

  /** {@value #TIMING_FILE}'s header. */
  public static final String TIMING_HEADER =
      "epoch,iterations,transitions,sgd_steps,stage1_s,train_s,compute_s,sync_s,other_s,eval_s,"
          + "transitions_per_s,steps_per_s\n";

  private final RunStorage storage;
  private final String iterations;
  private final String timing;

  /**
   * Opens the two files of a run directory, writing their headers if they are new.
   *
   * @throws IOException if the storage fails
   */
  public TrainingLog(RunStorage storage, String runDirectory) throws IOException {
    this.storage = storage;
    this.iterations = storage.resolve(runDirectory, ITERATIONS_FILE);
    this.timing = storage.resolve(runDirectory, TIMING_FILE);
    if (!storage.exists(iterations)) {
      storage.appendText(iterations, ITERATIONS_HEADER);
    }
    if (!storage.exists(timing)) {
      storage.appendText(timing, TIMING_HEADER);
    }
  }

  @Override
  public void iterationDone(IterationResult r) {
    append(
        iterations,
        String.format(
            Locale.ROOT,
            "%d,%d,%d,%.6f,%.6f,%.6f%n",
            r.epoch(),
            r.iteration(),
            r.totalStep(),
            r.criticLoss(),
            r.actorLoss(),
            r.weights()));
  }

  @Override
  public void epochDone(EpochTiming t, java.util.Map<String, Double> metrics) {
    append(
        timing,
        String.format(
            Locale.ROOT,
            "%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.1f,%.1f%n",
            t.epoch(),
            t.iterations(),
            t.transitions(),
            t.sgdSteps(),
            t.stage1Seconds(),
            t.trainSeconds(),
            t.computeSeconds(),
            t.syncSeconds(),
            t.overheadSeconds(),
            t.evalSeconds(),
            t.transitionsPerSecond(),
            t.stepsPerSecond()));
  }

  private void append(String path, String line) {
    try {
      storage.appendText(path, line);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
