package io.sparkrl.core.ope;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What the estimators need from one episode of T transitions, so the bootstrap can resample
 * episodes: the cumulative importance weights w_t = Π_{k≤t} π(a_k|s_k) / μ(a_k|s_k), the discounted
 * rewards γ^t·r_t, and (when a Q-function was given) the direct-method value V̂(s_0) and the
 * per-episode doubly robust value. Serialisable: summaries travel from the executors.
 *
 * @param episodeId the episode's id
 * @param weights w_t for t &lt; T (empty when the IS family was not requested)
 * @param discountedRewards γ^t·r_t for t &lt; T
 * @param directValue Σ_a π(a|s_0)·Q(s_0, a), NaN without a Q-function
 * @param doublyRobust the per-decision doubly robust value, NaN without a Q-function or weights
 */
public record EpisodeSummary(
    String episodeId,
    double[] weights,
    double[] discountedRewards,
    double directValue,
    double doublyRobust)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public EpisodeSummary {
    if (weights.length != 0 && weights.length != discountedRewards.length) {
      throw new IllegalArgumentException(
          "episode "
              + episodeId
              + ": "
              + weights.length
              + " weights for "
              + discountedRewards.length
              + " transitions");
    }
  }

  /** Transitions T. */
  public int length() {
    return discountedRewards.length;
  }

  /** True if importance weights were computed. */
  public boolean hasWeights() {
    return weights.length == discountedRewards.length;
  }

  /** The final weight w_{T−1}, the trajectory's importance ratio (1 for an empty episode). */
  public double finalWeight() {
    return weights.length == 0 ? 1.0 : weights[weights.length - 1];
  }

  /** The discounted return Σ_t γ^t·r_t. */
  public double discountedReturn() {
    double total = 0;
    for (double r : discountedRewards) {
      total += r;
    }
    return total;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EpisodeSummary s
        && episodeId.equals(s.episodeId)
        && Arrays.equals(weights, s.weights)
        && Arrays.equals(discountedRewards, s.discountedRewards)
        && Double.compare(directValue, s.directValue) == 0
        && Double.compare(doublyRobust, s.doublyRobust) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * episodeId.hashCode() + Arrays.hashCode(discountedRewards);
  }

  @Override
  public String toString() {
    return "EpisodeSummary[" + episodeId + ", T=" + length() + "]";
  }
}
