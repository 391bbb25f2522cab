package io.sparkrl.spark.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.EpochPermutation;
import io.sparkrl.core.algo.LearnerStateAverage;
import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.algo.UpdateResult;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.returns.BatchMoments;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.spark.train.WorkerSteps.Phase;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The driver side of stage 2: one epoch of DiscreteAWR iterations (docs/design.md §1) with the data
 * on the executors. Per round ({@link AveragingSettings#returnsEvery} iterations) stage 1 computes
 * the targets with the current critic ({@link TargetSource}); the round's rows are cut into worker
 * shares ({@link IterationSlices}); the advantages are normalised with the moments of each whole
 * batch. Per iteration the critic steps, then the actor steps, run in periods of {@code
 * averaging_frequency} steps: the driver broadcasts the state of the network the phase trains,
 * every worker runs the period on its share ({@link WorkerSteps}), and a tree-aggregate averages
 * that network's parameters and momentum buffers ({@link LearnerStateAverage}; the other network is
 * the same everywhere, so it does not travel). The learner on the driver holds the averaged state
 * after each period.
 *
 * <p>With one worker, {@code worker_batch_size = batch_size_per_update} and returns every iteration
 * this is {@code DiscreteAWR.fit}'s arithmetic step for step on the same epoch order.
 */
public final class DistributedTrainer {

  /** Stage 1: the targets of every transition of the dataset with the given learner's critic. */
  @FunctionalInterface
  public interface TargetSource {
    /**
     * Every transition's row with targets from {@code learner}'s current critic.
     *
     * @param learner the driver's learner (read its critic; do not train it)
     */
    JavaRDD<TrainingBlock> targets(AwrLearner learner);
  }

  /** Receives the result of every iteration. */
  @FunctionalInterface
  public interface IterationListener {
    /**
     * Called after iteration {@code iteration} of epoch {@code epoch}.
     *
     * @param result the mean critic and actor loss over the iteration's steps and workers, and the
     *     batch's mean weight
     */
    void iterationDone(int epoch, int iteration, int iterations, UpdateResult result);
  }

  private final JavaSparkContext sc;
  private final AwrLearner learner;
  private final int[] observationShape;
  private final AveragingSettings settings;
  private final String runKey;

  /**
   * A trainer of {@code learner} (the driver's copy, updated in place).
   *
   * @param runKey names this training run on the executors
   * @throws IllegalArgumentException if the worker shares cannot hold a worker mini-batch
   */
  public DistributedTrainer(
      JavaSparkContext sc,
      AwrLearner learner,
      int[] observationShape,
      AveragingSettings settings,
      String runKey) {
    AwrConfig c = learner.config();
    int smallestShare = c.batchSize() / settings.workers();
    if (settings.workerBatchSize() > smallestShare) {
      throw new IllegalArgumentException(
          "worker_batch_size "
              + settings.workerBatchSize()
              + " is larger than a worker's share of the batch ("
              + smallestShare
              + " rows = batch_size "
              + c.batchSize()
              + " / workers "
              + settings.workers()
              + ")");
    }
    this.sc = sc;
    this.learner = learner;
    this.observationShape = observationShape.clone();
    this.settings = settings;
    this.runKey = runKey;
  }

  /**
   * Trains one epoch over {@code transitions} transitions in the order of {@code permutation}.
   *
   * @return the number of iterations run (whole batches)
   */
  public int trainEpoch(
      int epoch, EpochPermutation permutation, TargetSource source, IterationListener listener) {
    AwrConfig c = learner.config();
    int iterations = BatchAssignment.iterationsPerEpoch(permutation.size(), c.batchSize());
    int round = settings.roundLength(iterations);
    Broadcast<LearnerSetup> setup =
        sc.broadcast(LearnerSetup.of(runKey, learner, observationShape, settings.threadsPerTask()));
    try {
      for (int first = 0; first < iterations; first += round) {
        int end = Math.min(iterations, first + round);
        BatchAssignment assignment =
            new BatchAssignment(permutation, c.batchSize(), settings.workers(), first, end);
        trainRound(epoch, iterations, assignment, source, setup, listener);
      }
    } finally {
      setup.destroy();
    }
    return iterations;
  }

  private void trainRound(
      int epoch,
      int iterations,
      BatchAssignment assignment,
      TargetSource source,
      Broadcast<LearnerSetup> setup,
      IterationListener listener) {
    AwrConfig c = learner.config();
    Broadcast<BatchAssignment> placed = sc.broadcast(assignment);
    JavaRDD<IterationSlice> raw =
        IterationSlices.build(source.targets(learner), placed)
            .persist(StorageLevel.MEMORY_AND_DISK());
    int first = assignment.firstIteration();
    int count = assignment.endIteration() - first;
    BatchMoments[] moments =
        raw.aggregate(
            emptyMoments(count),
            (m, s) -> {
              s.addAdvantagesTo(m[s.iteration() - first]);
              return m;
            },
            DistributedTrainer::mergeMoments);
    Broadcast<BatchMoments[]> batchMoments = sc.broadcast(moments);
    double beta = c.beta();
    double maxWeight = c.maxWeight();
    JavaRDD<IterationSlice> slices =
        raw.map(s -> s.withWeights(batchMoments.value()[s.iteration() - first], beta, maxWeight))
            .persist(StorageLevel.MEMORY_AND_DISK());
    double[] weightSums =
        slices.aggregate(
            new double[count],
            (sums, s) -> {
              sums[s.iteration() - first] += s.weightSum();
              return sums;
            },
            (a, b) -> {
              for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
              }
              return a;
            });
    raw.unpersist(false);
    try {
      for (int it = first; it < assignment.endIteration(); it++) {
        double critic = phase(slices, setup, it, Phase.CRITIC, c.nCriticUpdates());
        double actor = phase(slices, setup, it, Phase.ACTOR, c.nActorUpdates());
        UpdateResult result =
            new UpdateResult(critic, actor, weightSums[it - first] / c.batchSize());
        listener.iterationDone(epoch, it, iterations, result);
      }
    } finally {
      slices.unpersist(false);
      placed.destroy();
      batchMoments.destroy();
    }
  }

  private double phase(
      JavaRDD<IterationSlice> slices,
      Broadcast<LearnerSetup> setup,
      int iteration,
      Phase phase,
      int totalSteps) {
    double lossSum = 0;
    for (int firstStep = 0; firstStep < totalSteps; firstStep += settings.averagingFrequency()) {
      int steps = Math.min(settings.averagingFrequency(), totalSteps - firstStep);
      Broadcast<NetworkState> state = sc.broadcast(phase.state(learner));
      LearnerStateAverage average;
      try {
        average =
            slices
                .mapPartitions(
                    new WorkerSteps(
                        setup,
                        state,
                        iteration,
                        phase,
                        firstStep,
                        steps,
                        settings.workerBatchSize()))
                .treeAggregate(
                    new LearnerStateAverage(),
                    LearnerStateAverage::merge,
                    LearnerStateAverage::merge);
      } finally {
        state.destroy();
      }
      if (average.count() != settings.workers()) {
        throw new IllegalStateException(
            "iteration "
                + iteration
                + ": "
                + average.count()
                + " of "
                + settings.workers()
                + " workers had a share of the batch");
      }
      phase.setState(learner, average.averageNetwork());
      lossSum += average.meanLoss() * steps;
    }
    return lossSum / totalSteps;
  }

  private static BatchMoments[] emptyMoments(int count) {
    BatchMoments[] m = new BatchMoments[count];
    for (int i = 0; i < count; i++) {
      m[i] = new BatchMoments();
    }
    return m;
  }

  private static BatchMoments[] mergeMoments(BatchMoments[] a, BatchMoments[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i].merge(b[i]);
    }
    return a;
  }
}
