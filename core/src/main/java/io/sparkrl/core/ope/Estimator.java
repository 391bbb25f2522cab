package io.sparkrl.core.ope;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The off-policy estimators, each a function of episode summaries taken with multiplicities (so
 * that a bootstrap resample is a count per episode). Formulas, with w_{i,t} the cumulative
 * importance weight of episode i at step t and T_i its transitions (see {@code docs/design.md}):
 *
 * <ul>
 *   <li>{@code is}: mean of w_{i,T_i−1}·Σ_t γ^t r_{i,t} (trajectory-wise importance sampling)
 *   <li>{@code wis}: Σ_i w_{i,T_i−1}·G_i / Σ_i w_{i,T_i−1} (weighted, self-normalised)
 *   <li>{@code pdis}: mean of Σ_t w_{i,t}·γ^t r_{i,t} (per-decision)
 *   <li>{@code wpdis}: Σ_t Σ_i w_{i,t}·γ^t r_{i,t} / Σ_i w_{i,t}, an ended episode keeping its last
 *       weight (it sits in an absorbing state with reward 0)
 *   <li>{@code dm}, {@code fqe}: mean of Σ_a π(a|s_0)·Q̂(s_0, a), FQE's Q̂
 *   <li>{@code dr}: mean of the per-episode doubly robust values
 * </ul>
 *
 * A weighted estimator whose weights are all 0 (π never agrees with the data) has no value: NaN.
 */
public enum Estimator {
  FQE,
  IS,
  WIS,
  PDIS,
  WPDIS,
  DM,
  DR;

  /** The command-line name, lower case. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True if the estimator needs {@code action_prob} (all but {@code fqe}). */
  public boolean needsActionProb() {
    return this != FQE;
  }

  /** True if the estimator needs a fitted Q-function. */
  public boolean needsQ() {
    return this == FQE || this == DM || this == DR;
  }

  /**
   * Parses a comma-separated list such as {@code fqe,wis,pdis,dr,dm}, keeping its order.
   *
   * @throws IllegalArgumentException naming an unknown or repeated estimator, or an empty list
   */
  public static List<Estimator> parseList(String names) {
    List<Estimator> out = new ArrayList<>();
    for (String raw : names.split(",", -1)) {
      Estimator e = parse(raw.trim());
      if (out.contains(e)) {
        throw new IllegalArgumentException("--estimators: '" + e.key() + "' is listed twice");
      }
      out.add(e);
    }
    return out;
  }

  /**
   * @throws IllegalArgumentException for an unknown name, listing the valid ones
   */
  public static Estimator parse(String name) {
    for (Estimator e : values()) {
      if (e.key().equals(name)) {
        return e;
      }
    }
    List<String> keys = new ArrayList<>();
    for (Estimator e : values()) {
      keys.add(e.key());
    }
    throw new IllegalArgumentException(
        "--estimators: unknown estimator '" + name + "', expected some of " + keys);
  }

  /** The estimate over all summaries, each once. */
  public double estimate(List<EpisodeSummary> episodes) {
    int[] counts = new int[episodes.size()];
    java.util.Arrays.fill(counts, 1);
    return estimate(episodes, counts);
  }

  /**
   * The estimate with episode i taken {@code counts[i]} times.
   *
   * @throws IllegalArgumentException if the sizes differ, or a summary lacks what this estimator
   *     needs (weights, or Q-based values)
   */
  public double estimate(List<EpisodeSummary> episodes, int[] counts) {
    if (counts.length != episodes.size()) {
      throw new IllegalArgumentException(
          counts.length + " counts for " + episodes.size() + " episodes");
    }
    return switch (this) {
      case FQE, DM -> mean(episodes, counts, EpisodeSummary::directValue);
      case DR -> mean(episodes, counts, EpisodeSummary::doublyRobust);
      case IS -> mean(episodes, counts, s -> weights(s).finalWeight() * s.discountedReturn());
      case PDIS -> mean(episodes, counts, Estimator::perDecision);
      case WIS -> weightedTrajectory(episodes, counts);
      case WPDIS -> weightedPerDecision(episodes, counts);
    };
  }

  private double mean(
      List<EpisodeSummary> episodes,
      int[] counts,
      java.util.function.ToDoubleFunction<EpisodeSummary> value) {
    double sum = 0;
    long n = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        double v = value.applyAsDouble(episodes.get(i));
        if (Double.isNaN(v)) {
          throw new IllegalArgumentException(
              "episode " + episodes.get(i).episodeId() + ": no " + key() + " value was computed");
        }
        sum += counts[i] * v;
        n += counts[i];
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private EpisodeSummary weights(EpisodeSummary s) {
    if (!s.hasWeights() && s.length() > 0) {
      throw new IllegalArgumentException(
          "episode " + s.episodeId() + ": no importance weights for " + key());
    }
    return s;
  }

  private static double perDecision(EpisodeSummary s) {
    double total = 0;
    for (int t = 0; t < s.length(); t++) {
      total += s.weights()[t] * s.discountedRewards()[t];
    }
    return total;
  }

  private double weightedTrajectory(List<EpisodeSummary> episodes, int[] counts) {
    double numerator = 0;
    double denominator = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        EpisodeSummary s = weights(episodes.get(i));
        numerator += counts[i] * s.finalWeight() * s.discountedReturn();
        denominator += counts[i] * s.finalWeight();
      }
    }
    return denominator > 0 ? numerator / denominator : Double.NaN;
  }

  private double weightedPerDecision(List<EpisodeSummary> episodes, int[] counts) {
    int horizon = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        horizon = Math.max(horizon, weights(episodes.get(i)).length());
      }
    }
    double[] numerator = new double[horizon];
    double[] active = new double[horizon];
    // frozen[t]: the summed last weights of episodes that ended before step t, added from T_i on
    double[] frozenFrom = new double[horizon + 1];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        EpisodeSummary s = episodes.get(i);
        for (int t = 0; t < s.length(); t++) {
          numerator[t] += counts[i] * s.weights()[t] * s.discountedRewards()[t];
          active[t] += counts[i] * s.weights()[t];
        }
        frozenFrom[s.length()] += counts[i] * s.finalWeight();
      }
    }
    double value = 0;
    double frozen = 0;
    boolean anyWeight = false;
    for (int t = 0; t < horizon; t++) {
      frozen += frozenFrom[t];
      double denominator = active[t] + frozen;
      if (denominator > 0) {
        value += numerator[t] / denominator;
        anyWeight = true;
      }
    }
    return anyWeight || horizon == 0 ? value : Double.NaN;
  }
}
