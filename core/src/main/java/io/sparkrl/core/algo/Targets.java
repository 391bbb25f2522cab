package io.sparkrl.core.algo;

import io.sparkrl.core.returns.AdvantageWeights;

/**
 * The fixed targets of one iteration's batch, index for index with its transitions: λ-returns G,
 * baselines V(s_t) from the pre-update critic, and actor weights {@code w = min(exp(Â/β),
 * max_weight)} with Â normalised over the whole batch (docs/design.md §1, docs/design.md §1.5).
 *
 * <p>The arrays are owned by the record and not copied; callers must not change them.
 *
 * @param returns G_t per batch row
 * @param baselines V(s_t) per batch row
 * @param weights actor weight per batch row
 */
public record Targets(float[] returns, float[] baselines, float[] weights) {

  /**
   * @throws IllegalArgumentException if the lengths differ
   */
  public Targets {
    if (returns.length != baselines.length || returns.length != weights.length) {
      throw new IllegalArgumentException(
          "targets: "
              + returns.length
              + " returns, "
              + baselines.length
              + " baselines and "
              + weights.length
              + " weights");
    }
  }

  /**
   * Targets from returns and baselines computed elsewhere (e.g. on Spark executors): the weights
   * are normalised over exactly these rows.
   *
   * @param beta temperature β
   * @param maxWeight upper clip of the weights
   * @throws IllegalArgumentException as {@link AdvantageWeights#normalizedAdvantages} and {@link
   *     AdvantageWeights#weights}
   */
  public static Targets of(float[] returns, float[] baselines, double beta, double maxWeight) {
    float[] normalized = AdvantageWeights.normalizedAdvantages(returns, baselines);
    return new Targets(returns, baselines, AdvantageWeights.weights(normalized, beta, maxWeight));
  }

  /** Rows in the batch. */
  public int size() {
    return returns.length;
  }

  /** Mean weight over the whole batch (the logged {@code weights} metric). */
  public double meanWeight() {
    return AdvantageWeights.mean(weights);
  }
}
