package io.sparkrl.core.train;

import io.sparkrl.core.config.AwrConfig;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How an epoch's iterations are cut into rounds (one stage-1 computation of the returns each) and
 * groups (SGD work that runs at once on the workers), for K workers in a {@link ParallelMode}.
 *
 * <p>A round starts at iteration 0 and every {@code returnsEvery} iterations (once per epoch for
 * {@link #EVERY_EPOCH}). In {@link ParallelMode#ITERATIONS} a group is K consecutive iterations of
 * a round, all started from the same state, so the round length is rounded up to a multiple of K:
 * the returns are recomputed at most once per group. In the other modes a group is one iteration.
 * Within a group every worker takes the same number of steps, in periods of {@code
 * averagingFrequency} steps per phase.
 *
 * @param workers K, the number of workers
 * @param mode how the workers share the work
 * @param returnsEvery iterations per round, or {@link #EVERY_EPOCH}
 * @param averagingFrequency SGD steps per synchronisation period
 * @param workerBatchSize rows of each worker's SGD mini-batch
 */
public record TrainingSchedule(
    int workers, ParallelMode mode, int returnsEvery, int averagingFrequency, int workerBatchSize)
    implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** {@code returnsEvery} for one round per epoch. */
  public static final int EVERY_EPOCH = 0;

  /** Checks each value. */
  public TrainingSchedule {
    if (workers < 1 || averagingFrequency < 1 || workerBatchSize < 1 || returnsEvery < 0) {
      throw new IllegalArgumentException(
          "schedule: workers "
              + workers
              + ", averaging_frequency "
              + averagingFrequency
              + ", worker_batch_size "
              + workerBatchSize
              + " must be >= 1 and returns_every "
              + returnsEvery
              + " >= 0");
    }
    if (mode == null) {
      throw new IllegalArgumentException("schedule: mode is required");
    }
  }

  /**
   * The single-process schedule of d3rlpy: one worker, returns every iteration, the configuration's
   * mini-batch.
   */
  public static TrainingSchedule singleProcess(AwrConfig config) {
    return new TrainingSchedule(
        1, ParallelMode.ITERATIONS, 1, Integer.MAX_VALUE, config.batchSizePerUpdate());
  }

  /**
   * Checks that the schedule fits the configuration: each worker's slice of a batch holds a
   * mini-batch.
   *
   * @throws IllegalArgumentException naming the settings that disagree
   */
  public void check(AwrConfig config) {
    int slice = mode == ParallelMode.ITERATIONS ? config.batchSize() : config.batchSize() / workers;
    if (workerBatchSize > slice) {
      throw new IllegalArgumentException(
          "worker_batch_size "
              + workerBatchSize
              + " is larger than a worker's "
              + (mode == ParallelMode.ITERATIONS ? "batch" : "share of the batch")
              + " ("
              + slice
              + " rows: batch_size "
              + config.batchSize()
              + (mode == ParallelMode.ITERATIONS ? "" : " / workers " + workers)
              + ")");
    }
  }

  /** Iterations per group. */
  public int groupSize() {
    return mode == ParallelMode.ITERATIONS ? workers : 1;
  }

  /** Iterations per round in an epoch of {@code iterations} iterations. */
  public int roundLength(int iterations) {
    int length = returnsEvery == EVERY_EPOCH ? iterations : Math.min(returnsEvery, iterations);
    int g = groupSize();
    return Math.max(g, (length + g - 1) / g * g);
  }

  /**
   * The rounds of an epoch.
   *
   * @param epoch the epoch's number
   * @param iterations whole batches in the epoch
   * @param config supplies the step counts per iteration
   */
  public List<RoundPlan> rounds(int epoch, int iterations, AwrConfig config) {
    List<RoundPlan> rounds = new ArrayList<>();
    if (iterations == 0) {
      return rounds;
    }
    int length = roundLength(iterations);
    int group = 0;
    for (int first = 0; first < iterations; first += length) {
      int end = Math.min(iterations, first + length);
      List<GroupPlan> groups = new ArrayList<>();
      for (int g = first; g < end; g += groupSize()) {
        groups.add(group(epoch, group++, g, Math.min(end, g + groupSize()), config));
      }
      rounds.add(new RoundPlan(epoch, rounds.size(), first, end, groups));
    }
    return rounds;
  }

  private GroupPlan group(int epoch, int index, int first, int end, AwrConfig c) {
    List<WorkerTask> tasks = new ArrayList<>();
    switch (mode) {
      case ITERATIONS -> {
        for (int it = first; it < end; it++) {
          tasks.add(new WorkerTask(it - first, it, c.nCriticUpdates(), c.nActorUpdates()));
        }
      }
      case STEPS -> {
        int critic = ceilDiv(c.nCriticUpdates(), workers);
        int actor = ceilDiv(c.nActorUpdates(), workers);
        for (int w = 0; w < workers; w++) {
          tasks.add(new WorkerTask(w, first, critic, actor));
        }
      }
      case REPLICATE -> {
        for (int w = 0; w < workers; w++) {
          tasks.add(new WorkerTask(w, first, c.nCriticUpdates(), c.nActorUpdates()));
        }
      }
    }
    return new GroupPlan(epoch, index, tasks, workerBatchSize, averagingFrequency);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
