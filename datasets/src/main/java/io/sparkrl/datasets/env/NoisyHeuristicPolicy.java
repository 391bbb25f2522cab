package io.sparkrl.datasets.env;

/**
 * A heuristic blended with uniform noise: with probability q it takes the {@link Heuristic}'s
 * action, otherwise a uniformly random one. So the heuristic's action has probability q + (1 − q) /
 * K and every other action (1 − q) / K, for K actions: q = 1 is the pure heuristic, q = 0 the
 * uniform policy.
 */
public final class NoisyHeuristicPolicy implements BehaviourPolicy {

  private final int actionCount;
  private final double quality;
  private final Heuristic heuristic;

  /**
   * @param quality q in [0, 1]
   * @throws IllegalArgumentException if quality is outside [0, 1] or actionCount &lt; 1
   */
  public NoisyHeuristicPolicy(int actionCount, double quality, Heuristic heuristic) {
    if (actionCount < 1) {
      throw new IllegalArgumentException("action count must be >= 1, got " + actionCount);
    }
    if (!(quality >= 0.0 && quality <= 1.0)) {
      throw new IllegalArgumentException("policy quality must be in [0, 1], got " + quality);
    }
    this.actionCount = actionCount;
    this.quality = quality;
    this.heuristic = heuristic;
  }

  public double quality() {
    return quality;
  }

  @Override
  public int actionCount() {
    return actionCount;
  }

  @Override
  public double[] probabilities(float[] observation) {
    int chosen = heuristic.action(observation);
    if (chosen < 0 || chosen >= actionCount) {
      throw new IllegalStateException(
          "heuristic chose action " + chosen + ", outside [0, " + actionCount + ")");
    }
    double[] probs = new double[actionCount];
    double noise = (1.0 - quality) / actionCount;
    for (int a = 0; a < actionCount; a++) {
      probs[a] = a == chosen ? quality + noise : noise;
    }
    return probs;
  }

  @Override
  public String toString() {
    return "NoisyHeuristicPolicy[q=" + quality + "]";
  }
}
