package io.sparkrl.datasets.env;

import java.util.Arrays;

/** Picks every action with probability 1 / actionCount, whatever it sees. */
public final class UniformPolicy implements BehaviourPolicy {

  private final int actionCount;

  public UniformPolicy(int actionCount) {
    if (actionCount < 1) {
      throw new IllegalArgumentException("action count must be >= 1, got " + actionCount);
    }
    this.actionCount = actionCount;
  }

  @Override
  public int actionCount() {
    return actionCount;
  }

  @Override
  public double[] probabilities(float[] observation) {
    double[] probs = new double[actionCount];
    Arrays.fill(probs, 1.0 / actionCount);
    return probs;
  }

  @Override
  public String toString() {
    return "UniformPolicy[" + actionCount + "]";
  }
}
