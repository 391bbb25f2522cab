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
   * Runs one group's SGD work on the workers.
   *
   * @param round the group's round data
   * @param group the group
   * @param start the state every worker starts from
   * @param seed the run's seed for the workers' random state
   * @return one outcome per worker, worker r's at index r; worker 0's holds the final state
   */
  List<TaskOutcome> train(RoundData round, GroupPlan group, LearnerState start, long seed);

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
