package io.sparkrl.core;

import io.sparkrl.core.algo.EpochPermutation;
import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.algo.UpdateResult;
import io.sparkrl.core.logging.MetricCsvLogger;
import io.sparkrl.core.logging.MetricsBuffer;
import io.sparkrl.core.logging.TensorBoardEventWriter;
import io.sparkrl.core.metrics.Scorer;
import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.core.storage.RunDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The epochs of d3rlpy v0.23's {@code fit} (docs/design.md §1.2, §1.9) once the model exists and
 * the run directory holds {@code params.json}: per epoch the epoch's transitions (the real ones,
 * plus freshly generated ones when {@code dynamics} is set), an {@link EpochPermutation} of them
 * cut into whole batches, one {@link DiscreteAWR#update} per batch, the scorers, {@link
 * MetricsBuffer#commit} and the checkpoint.
 */
final class FitLoop {

  static final String CRITIC_LOSS = "critic_loss";
  static final String ACTOR_LOSS = "actor_loss";
  static final String WEIGHTS = "weights";

  private static final int PROGRESS_STEPS = 20;

  private FitLoop() {}

  /**
   * Runs {@code n_epochs} epochs.
   *
   * @param epochTransitions the transitions of an epoch, given the epoch's number counted across
   *     fits from 0 ({@code firstEpoch + epoch})
   */
  static List<Map<String, Double>> run(
      DiscreteAWR algo,
      IntFunction<TransitionIndex> epochTransitions,
      RunDirectory run,
      FitOptions options,
      long permutationSeed,
      int firstEpoch,
      Map<String, List<Double>> evalResults)
      throws IOException {
    int nEpochs = algo.config().nEpochs();
    int batchSize = algo.config().batchSize();
    ModelCheckpoints checkpoints = new ModelCheckpoints(options.saveInterval());
    LinkedHashMap<String, Scorer> scorers = options.scorers();
    boolean evaluate = !scorers.isEmpty() && options.evalEpisodes() != null;
    List<Map<String, Double>> history = new ArrayList<>();
    TensorBoardEventWriter tensorBoard =
        options.tensorboard()
            ? TensorBoardEventWriter.open(
                run.storage(), run.resolve(FitOptions.TENSORBOARD_DIRECTORY))
            : null;
    try {
      MetricsBuffer buffer =
          new MetricsBuffer(
              new MetricCsvLogger(run), tensorBoard, options.verbose() ? System.out : null);
      int totalStep = 0;
      for (int epoch = 0; epoch < nEpochs; epoch++) {
        TransitionIndex index = epochTransitions.apply(firstEpoch + epoch);
        int nIters = index.batchCount(batchSize);
        EpochPermutation permutation =
            EpochPermutation.forEpoch(index.size(), permutationSeed, firstEpoch + epoch);
        for (int itr = 0; itr < nIters; itr++) {
          UpdateResult losses =
              algo.update(index.episodes(), index.batch(permutation, itr, batchSize));
          totalStep++;
          buffer.add(CRITIC_LOSS, losses.criticLoss());
          buffer.add(ACTOR_LOSS, losses.actorLoss());
          buffer.add(WEIGHTS, losses.weights());
          if (options.showProgress()) {
            progress(System.err, epoch, nEpochs, itr + 1, nIters);
          }
        }
        if (evaluate) {
          for (Map.Entry<String, Scorer> e : scorers.entrySet()) {
            double value = e.getValue().score(algo, options.evalEpisodes());
            buffer.add(e.getKey(), value);
            evalResults.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(value);
          }
        }
        history.add(buffer.commit(epoch, totalStep));
        if (checkpoints.shouldSave(epoch)) {
          run.storage()
              .writeAtomically(run.resolve(ModelCheckpoints.fileName(epoch)), algo::saveModel);
        }
      }
    } finally {
      if (tensorBoard != null) {
        tensorBoard.close();
      }
    }
    return history;
  }

  /** A text progress bar on one line, redrawn about {@value #PROGRESS_STEPS} times an epoch. */
  static void progress(PrintStream out, int epoch, int nEpochs, int done, int total) {
    int every = Math.max(1, total / PROGRESS_STEPS);
    if (done % every != 0 && done != total) {
      return;
    }
    int filled = done * PROGRESS_STEPS / total;
    out.print(
        "\rEpoch "
            + (epoch + 1)
            + "/"
            + nEpochs
            + " ["
            + "#".repeat(filled)
            + " ".repeat(PROGRESS_STEPS - filled)
            + "] "
            + done
            + "/"
            + total
            + (done == total ? "\n" : ""));
    out.flush();
  }
}
