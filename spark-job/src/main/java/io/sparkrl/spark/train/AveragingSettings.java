package io.sparkrl.spark.train;

import java.io.Serial;
import java.io.Serializable;

/**
 * How stage 2 distributes an iteration.
 *
 * @param workers W: each iteration's batch is cut into W contiguous shares, one per worker
 * @param averagingFrequency SGD steps each worker takes between two parameter averages
 * @param workerBatchSize mini-batch rows per worker step, at most the worker's share of the batch
 * @param returnsEvery iterations per computation of the returns (1 = every iteration, exactly
 *     d3rlpy; {@link #EVERY_EPOCH} = once per epoch)
 * @param threadsPerTask BLAS threads each worker task may use ({@link
 *     io.sparkrl.core.nn.NativeThreads})
 */
public record AveragingSettings(
    int workers, int averagingFrequency, int workerBatchSize, int returnsEvery, int threadsPerTask)
    implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** {@code returnsEvery} value for once per epoch. */
  public static final int EVERY_EPOCH = 0;

  /** Checks each value. */
  public AveragingSettings {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    if (averagingFrequency < 1) {
      throw new IllegalArgumentException(
          "averaging_frequency must be >= 1, got " + averagingFrequency);
    }
    if (workerBatchSize < 1) {
      throw new IllegalArgumentException("worker_batch_size must be >= 1, got " + workerBatchSize);
    }
    if (threadsPerTask < 1) {
      throw new IllegalArgumentException(
          "omp_threads_per_task must be >= 1, got " + threadsPerTask);
    }
    if (returnsEvery < 0) {
      throw new IllegalArgumentException(
          "returns_every must be >= 1 iterations or once per epoch, got " + returnsEvery);
    }
  }

  /** Settings with one BLAS thread per task. */
  public AveragingSettings(
      int workers, int averagingFrequency, int workerBatchSize, int returnsEvery) {
    this(workers, averagingFrequency, workerBatchSize, returnsEvery, 1);
  }

  /** Iterations in each round of an epoch of {@code iterations} iterations. */
  public int roundLength(int iterations) {
    return returnsEvery == EVERY_EPOCH ? iterations : Math.min(returnsEvery, iterations);
  }
}
