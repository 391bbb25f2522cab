package io.sparkrl.datasets.env;

import java.util.random.RandomGenerator;

/**
 * A stochastic behaviour policy over actions {0, …, actionCount − 1} with known probabilities, so
 * the datasets it generates carry {@code action_prob} for off-policy evaluation.
 *
 * <p>Contract: {@link #probabilities(float[])} returns actionCount non-negative values summing to 1
 * for the observation (in the environment's layout). {@link #act(float[], RandomGenerator)} samples
 * from exactly those probabilities using only {@code rng}, so a seeded generator gives the same
 * actions. Policies that choose something per episode (a {@link MixturePolicy}) do so in {@link
 * #beginEpisode(long)}, which the {@link EpisodeGenerator} calls before every episode.
 */
public interface BehaviourPolicy {

  /** A sampled action and the probability the policy gave it. */
  record Choice(int action, double probability) {}

  /** Number of actions the policy chooses among. */
  int actionCount();

  /** The action distribution at {@code observation}: actionCount values, non-negative, sum 1. */
  double[] probabilities(float[] observation);

  /** Samples an action from {@link #probabilities(float[])} with {@code rng}. */
  default Choice act(float[] observation, RandomGenerator rng) {
    double[] probs = probabilities(observation);
    double u = rng.nextDouble();
    double cumulative = 0.0;
    int last = -1;
    for (int a = 0; a < probs.length; a++) {
      if (probs[a] > 0) {
        cumulative += probs[a];
        last = a;
        if (u < cumulative) {
          return new Choice(a, probs[a]);
        }
      }
    }
    // Rounding left u just above the total: the last action with mass takes it.
    if (last < 0) {
      throw new IllegalStateException("policy gave no action a positive probability");
    }
    return new Choice(last, probs[last]);
  }

  /**
   * Called before each episode with a seed derived from the episode's seed. The default does
   * nothing; per-episode policies draw their choice from it.
   */
  default void beginEpisode(long episodeSeed) {}
}
