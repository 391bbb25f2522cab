package io.sparkrl.core.metrics;

import java.util.random.RandomGenerator;

/**
 * What scorers need from a trained DiscreteAWR: greedy and sampled actions and state values for
 * batches of raw observations. Observations are given as the algorithm consumes them: row-major
 * [rows, ...inputShape()], already frame-stacked for images with {@code nFrames() > 1}, not yet
 * scaled (the model applies its own scaler).
 */
public interface PolicyModel {

  /** Shape of one single-frame observation: [features] or [C, H, W]. */
  int[] observationShape();

  /** Frames stacked on the channel axis (1 for vectors). */
  int nFrames();

  /** Number of discrete actions. */
  int actionSize();

  /** The discount used for returns and TD targets. */
  double gamma();

  /** Greedy actions argmax π(a|s), one per row. */
  int[] predict(float[] observations, int rows);

  /** State values V(s), one per row, in inference mode. */
  float[] predictValue(float[] observations, int rows);

  /**
   * π(a|s) for every row: {@code rows × actionSize()} probabilities, row-major, each row summing to
   * 1. The default is the deterministic greedy policy (1 at {@link #predict}'s action, 0
   * elsewhere); a model with a stochastic actor returns its distribution.
   */
  default float[] actionProbabilities(float[] observations, int rows) {
    int[] greedy = predict(observations, rows);
    float[] out = new float[rows * actionSize()];
    for (int i = 0; i < rows; i++) {
      out[i * actionSize() + greedy[i]] = 1f;
    }
    return out;
  }

  /** Actions sampled from π(·|s), one per row. */
  int[] sampleAction(float[] observations, int rows, RandomGenerator random);
}
