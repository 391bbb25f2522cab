package io.sparkrl.spark.train;

import io.sparkrl.core.returns.AdvantageWeights;
import io.sparkrl.core.returns.BatchMoments;
import java.io.Serial;
import java.io.Serializable;

/**
 * One worker's share of one iteration's batch, in batch-row order: what the worker trains on in
 * that iteration. {@code weights} is null until {@link #withWeights} has normalised the advantages
 * with the moments of the whole (global) batch.
 */
public final class IterationSlice implements Serializable {

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
  public IterationSlice() {}

  IterationSlice(
      int iteration,
      int worker,
      int rowSize,
      float[] observations,
      int[] actions,
      float[] returns,
      float[] baselines,
      float[] weights) {
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

  /** The worker that owns this share. */
  public int worker() {
    return worker;
  }

  /** Rows in this share. */
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

  /** Adds this share's advantages to {@code moments} (of its whole batch). */
  public BatchMoments addAdvantagesTo(BatchMoments moments) {
    return moments.add(returns, baselines);
  }

  /**
   * This share with weights {@code min(exp(Â/β), maxWeight)}, Â normalised with the moments of the
   * whole batch ({@link AdvantageWeights#normalize(float[], float[], BatchMoments)}).
   */
  public IterationSlice withWeights(BatchMoments batch, double beta, double maxWeight) {
    float[] w =
        AdvantageWeights.weights(
            AdvantageWeights.normalize(returns, baselines, batch), beta, maxWeight);
    return new IterationSlice(
        iteration, worker, rowSize, observations, actions, returns, baselines, w);
  }

  /** The sum of the weights, in double. */
  public double weightSum() {
    double sum = 0;
    for (float w : weights()) {
      sum += w;
    }
    return sum;
  }
}
