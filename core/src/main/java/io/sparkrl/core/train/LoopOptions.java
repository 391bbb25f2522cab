package io.sparkrl.core.train;

import io.sparkrl.core.metrics.Scorer;
import io.sparkrl.datasets.Episode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run of the {@link TrainingLoop} trains and logs.
 *
 * @param schedule how the workers share each epoch
 * @param firstEpoch the first epoch to train (counted across fits and resumed runs: it keys the
 *     epoch's order and the workers' random state)
 * @param endEpoch one past the last epoch
 * @param logBase subtracted from an epoch's number in the logs, CSVs and checkpoint names ({@code
 *     fit} logs from 0 in every call; a resumed Spark run keeps the absolute numbers)
 * @param initialTotalStep iterations already done before {@code firstEpoch} in the logged numbering
 * @param permutationSeed keys the epochs' orders
 * @param workerSeed keys the workers' random state
 * @param scorers evaluated after every epoch, by name, in order (empty for none)
 * @param evalEpisodes the episodes the scorers score on (may be empty for environment scorers)
 * @param saveInterval epochs between checkpoints (d3rlpy: when {@code epoch % interval == 0})
 * @param saveLast also save the last epoch
 * @param tensorBoard write TensorBoard event files under the run directory's {@code runs/}
 * @param verbose print each epoch's metrics as d3rlpy's {@code verbose} does
 * @param progress where progress lines go, or null for none
 * @param groupsPerCall groups the backend runs per call (a Spark barrier stage each): more amortise
 *     the engine's per-call cost; the floats do not change
 */
public record LoopOptions(
    TrainingSchedule schedule,
    int firstEpoch,
    int endEpoch,
    int logBase,
    long initialTotalStep,
    long permutationSeed,
    long workerSeed,
    Map<String, Scorer> scorers,
    List<Episode> evalEpisodes,
    int saveInterval,
    boolean saveLast,
    boolean tensorBoard,
    boolean verbose,
    PrintStream progress,
    int groupsPerCall) {

  /** The TensorBoard folder inside the run directory (d3rlpy writes {@code ./runs}). */
  public static final String TENSORBOARD_DIRECTORY = "runs";

  /** Checks the ranges and copies the collections. */
  public LoopOptions {
    if (firstEpoch < 0
        || endEpoch < firstEpoch
        || logBase > firstEpoch
        || saveInterval < 1
        || groupsPerCall < 1) {
      throw new IllegalArgumentException(
          "epochs ["
              + firstEpoch
              + ", "
              + endEpoch
              + ") logged from "
              + logBase
              + ", save interval "
              + saveInterval
              + ", groups per call "
              + groupsPerCall);
    }
    scorers = new LinkedHashMap<>(scorers);
    evalEpisodes = evalEpisodes == null ? List.of() : List.copyOf(evalEpisodes);
  }
}
