package io.sparkrl.core.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.LearnerState;
import java.util.List;

/**
 * Where the training loop's work runs: the seams between {@link TrainingLoop}, which owns epochs,
 * rounds, groups, metrics and checkpoints, and an engine that holds the data. {@link LocalBackend}
 * runs everything in this JVM ({@code DiscreteAWR.fit}); the Spark job's backend runs stage 1 on
 * the executors and each group as a Spark barrier stage. Both compute the same floats for the same
 * plan: the placement ({@link RoundPlacement}), the slices' moments (merged in worker order) and
 * the workers' steps ({@link WorkerSteps}) are shared.
 */
public interface TrainingBackend extends AutoCloseable {

  /**
   * Gets an epoch's transitions ready.
   *
   * @param epoch the epoch (counted across resumed runs and repeated fits)
   * @return the number of transitions the epoch visits
   */
  long startEpoch(int epoch);

  /**
   * Stage 1 of a round: the returns and baselines of its transitions with {@code learner}'s current
   * critic, placed into the workers' slices, with the advantage weights normalised per iteration.
   *
   * @param round the round
   * @param placement where each transition of the round goes
   * @param learner the driver's learner (read its critic; do not train it)
   * @return the round's data, held wherever the backend keeps it until closed
   */
  RoundData targets(RoundPlan round, RoundPlacement placement, AwrLearner learner);

  /**
   * Runs consecutive groups of one round on the workers, each starting from the state the one
   * before it ended in (every worker holds that mean after a group's last period).
   *
   * @param round the groups' round data
   * @param groups consecutive groups of the round, all but the last of the round's full size
   * @param start the state every worker starts the first group from
   * @param seed the run's seed for the workers' random state
   * @return per group, one outcome per worker (worker r's at index r); worker 0's outcome of the
   *     last group holds the final state
   */
  List<List<TaskOutcome>> train(
      RoundData round, List<GroupPlan> groups, LearnerState start, long seed);

  @Override
  default void close() {}

  /** A round's data as the loop sees it. */
  interface RoundData extends AutoCloseable {
    /** The mean advantage weight of an iteration's whole batch (the logged {@code weights}). */
    double meanWeight(int iteration);

    @Override
    void close();
  }
}
