package io.sparkrl.core.train;

import io.sparkrl.core.returns.AdvantageWeights;
import io.sparkrl.core.returns.BatchMoments;
import java.io.Serial;
import java.io.Serializable;

/**
 * One worker's slice of one iteration's batch, in batch-row order: what the worker trains on in
 * that iteration (the whole batch in {@link ParallelMode#ITERATIONS}, a share of it otherwise).
 * {@code weights} is null until {@link #withWeights} has normalised the advantages with the moments
 * of the whole batch. The arrays are owned by the slice and not copied.
 */
public final class WorkerSlice implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private int iteration;
  private int worker;
  private int rowSize;
  private float[] observations;
  private int[] actions;
  private float[] returns;
  private float[] baselines;
  private float[] weights;

  /** For Kryo. */
  public WorkerSlice() {}

  /**
   * @throws IllegalArgumentException if the lengths disagree
   */
  public WorkerSlice(
      int iteration,
      int worker,
      int rowSize,
      float[] observations,
      int[] actions,
      float[] returns,
      float[] baselines,
      float[] weights) {
    int n = actions.length;
    if (returns.length != n
        || baselines.length != n
        || (weights != null && weights.length != n)
        || observations.length != (long) n * rowSize) {
      throw new IllegalArgumentException(
          "slice of iteration " + iteration + ", worker " + worker + ": arrays disagree in length");
    }
    this.iteration = iteration;
    this.worker = worker;
    this.rowSize = rowSize;
    this.observations = observations;
    this.actions = actions;
    this.returns = returns;
    this.baselines = baselines;
    this.weights = weights;
  }

  /** The iteration within the epoch. */
  public int iteration() {
    return iteration;
  }

  /** The worker that trains on this slice. */
  public int worker() {
    return worker;
  }

  /** Rows in the slice. */
  public int size() {
    return actions.length;
  }

  /** Values per observation row. */
  public int rowSize() {
    return rowSize;
  }

  /** {@code size() × rowSize()} stacked, scaled observation values. */
  public float[] observations() {
    return observations;
  }

  /** The actions. */
  public int[] actions() {
    return actions;
  }

  /** The λ-returns. */
  public float[] returns() {
    return returns;
  }

  /** The baselines V(s). */
  public float[] baselines() {
    return baselines;
  }

  /**
   * The actor weights.
   *
   * @throws IllegalStateException before {@link #withWeights}
   */
  public float[] weights() {
    if (weights == null) {
      throw new IllegalStateException("iteration " + iteration + ": weights not computed yet");
    }
    return weights;
  }

  /** The moments of this slice's advantages, added in row order. */
  public BatchMoments moments() {
    return new BatchMoments().add(returns, baselines);
  }

  /**
   * This slice with weights {@code min(exp(Â/β), maxWeight)}, Â normalised with the moments of the
   * whole batch ({@link AdvantageWeights#normalize(float[], float[], BatchMoments)}).
   */
  public WorkerSlice withWeights(BatchMoments batch, double beta, double maxWeight) {
    float[] w =
        AdvantageWeights.weights(
            AdvantageWeights.normalize(returns, baselines, batch), beta, maxWeight);
    return new WorkerSlice(
        iteration, worker, rowSize, observations, actions, returns, baselines, w);
  }

  /** The sum of the weights in row order, in double. */
  public double weightSum() {
    double sum = 0;
    for (float w : weights()) {
      sum += w;
    }
    return sum;
  }
}
