package io.sparkrl.core.ope;

import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeColumns;

/**
 * Turns one logged episode into its {@link EpisodeSummary}: importance ratios from the target
 * policy's probabilities and the recorded {@code action_prob}, discounted rewards, and the direct
 * and doubly robust values from a Q-function.
 *
 * <p>The episode's transitions are its first {@code transitionCount()} rows (a cut-off episode's
 * last row is only a state). The doubly robust value is Jiang and Li's per-decision recursion DR_T
 * = 0, DR_t = V̂(s_t) + ρ_t·(r_t + γ·DR_{t+1} − Q̂(s_t, a_t)), with V̂(s) = Σ_a π(a|s)·Q̂(s, a);
 * the time limit ends the estimate as it ends the logged return.
 */
public final class EpisodeSummaries {

  private EpisodeSummaries() {}

  /**
   * @param episode the logged episode
   * @param target π's probabilities for the episode ({@link TargetPolicy#probabilities})
   * @param qValues Q̂ for the episode ({@link QFunction#qValues}), or null for no DM/DR
   * @param gamma the discount in [0, 1]
   * @param needWeights whether the IS family is wanted (then {@code action_prob} is required)
   * @throws IllegalArgumentException naming episode, step and column when {@code action_prob} is
   *     missing or a probability is not in (0, 1], or when the arrays' sizes disagree
   */
  public static EpisodeSummary summarise(
      Episode episode, float[] target, float[] qValues, double gamma, boolean needWeights) {
    if (!(gamma >= 0.0 && gamma <= 1.0)) {
      throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
    }
    int n = episode.transitionCount();
    int k = target.length / episode.length();
    if (target.length != episode.length() * k || k < 1) {
      throw new IllegalArgumentException(
          "episode "
              + episode.id()
              + ": "
              + target.length
              + " target probabilities for "
              + episode.length()
              + " rows");
    }
    if (qValues != null && qValues.length != target.length) {
      throw new IllegalArgumentException(
          "episode "
              + episode.id()
              + ": "
              + qValues.length
              + " Q-values, expected "
              + target.length);
    }
    double[] rewards = new double[n];
    double discount = 1.0;
    for (int t = 0; t < n; t++) {
      rewards[t] = discount * episode.reward(t);
      discount *= gamma;
    }
    double[] ratios = needWeights ? ratios(episode, target, k) : new double[0];
    double[] weights = new double[ratios.length];
    double w = 1.0;
    for (int t = 0; t < ratios.length; t++) {
      w *= ratios[t];
      weights[t] = w;
    }
    double direct = Double.NaN;
    double robust = Double.NaN;
    if (qValues != null) {
      direct = stateValue(target, qValues, 0, k);
      if (needWeights) {
        robust = 0.0;
        for (int t = n - 1; t >= 0; t--) {
          double q = qValues[t * k + episode.action(t)];
          robust =
              stateValue(target, qValues, t, k)
                  + ratios[t] * (episode.reward(t) + gamma * robust - q);
        }
      }
    }
    return new EpisodeSummary(episode.id(), weights, rewards, direct, robust);
  }

  /** ρ_t = π(a_t|s_t) / μ_t with μ_t the recorded {@code action_prob}, checked. */
  static double[] ratios(Episode episode, float[] target, int k) {
    if (!episode.hasActionProbs()) {
      throw new IllegalArgumentException(
          "episode "
              + episode.id()
              + ": column "
              + EpisodeColumns.ACTION_PROB
              + " is missing; importance sampling, DM and DR need the behaviour policy's"
              + " probabilities");
    }
    int n = episode.transitionCount();
    double[] out = new double[n];
    for (int t = 0; t < n; t++) {
      float mu = episode.actionProb(t);
      if (!(mu > 0f && mu <= 1f)) {
        throw new IllegalArgumentException(
            "episode "
                + episode.id()
                + ", step "
                + t
                + ": column "
                + EpisodeColumns.ACTION_PROB
                + " is "
                + mu
                + ", outside (0, 1]");
      }
      out[t] = target[t * k + episode.action(t)] / (double) mu;
    }
    return out;
  }

  private static double stateValue(float[] target, float[] q, int row, int k) {
    double v = 0;
    for (int a = 0; a < k; a++) {
      v += (double) target[row * k + a] * q[row * k + a];
    }
    return v;
  }
}
