package io.sparkrl.core.returns;

/**
 * The actor's per-transition weights of docs/design.md §1 and docs/design.md §1.5: advantages A = G
 * − V(s), normalised over the whole iteration batch, {@code Â = (A − mean(A)) / (std(A) + 1e-5)}
 * with the population std (ddof = 0, as d3rlpy's {@code np.std}), then {@code w = min(exp(Â / β),
 * max_weight)}, clipped above only.
 *
 * <p>For a batch held in one place use {@link #normalizedAdvantages(float[], float[])}. For a batch
 * spread over Spark partitions, aggregate a {@link BatchMoments} with {@link
 * BatchMoments#add(float[], float[])} and {@link BatchMoments#merge}, then call {@link
 * #normalize(float[], float[], BatchMoments)} per partition; both take A = G − V in double, so one
 * partition gives exactly the single-process result.
 *
 * <p>Arithmetic in double, results as float. Stateless and thread-safe.
 */
public final class AdvantageWeights {

  /** Added to the population std before dividing, as d3rlpy and the AWR paper's code do. */
  public static final double STD_EPSILON = 1e-5;

  private AdvantageWeights() {}

  /**
   * Normalised advantages of one whole batch: {@code Â_i = (A_i − mean(A)) / (std(A) +} {@link
   * #STD_EPSILON}{@code )}, with {@code A_i = G_i − V_i}. Equal advantages give all zeros.
   *
   * @param returns G_i, the λ-returns of the batch's transitions, at least one
   * @param baselines V(s_i) of the same transitions, the same length
   * @return a new array of Â, index for index
   * @throws IllegalArgumentException if the arrays are empty or of different lengths, or an
   *     advantage is NaN or infinite
   */
  public static float[] normalizedAdvantages(float[] returns, float[] baselines) {
    checkSameLength(returns, baselines);
    if (returns.length == 0) {
      throw new IllegalArgumentException("no advantages to normalise: the batch is empty");
    }
    return normalize(returns, baselines, new BatchMoments().add(returns, baselines));
  }

  /**
   * Normalises one part of a batch with the moments of the whole batch: {@code Â_i = (G_i − V_i −
   * mean) / (populationStd +} {@link #STD_EPSILON}{@code )}.
   *
   * @param returns G_i of this part
   * @param baselines V(s_i) of this part, the same length
   * @param batch the moments of the advantages of the whole batch, this part included
   * @return a new array of Â, index for index
   * @throws IllegalArgumentException if the lengths differ
   * @throws IllegalStateException if {@code batch} is empty
   */
  public static float[] normalize(float[] returns, float[] baselines, BatchMoments batch) {
    checkSameLength(returns, baselines);
    double mean = batch.mean();
    double scale = batch.populationStd() + STD_EPSILON;
    float[] out = new float[returns.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((advantage(returns[i], baselines[i]) - mean) / scale);
    }
    return out;
  }

  /**
   * Actor weights {@code w_i = min(exp(Â_i / β), maxWeight)}. There is no lower clip: a very
   * negative Â gives a weight of (or near) 0. An overflowing {@code exp} (huge Â, tiny β) or Â = +∞
   * gives {@code maxWeight}; the result is never NaN or infinite.
   *
   * @param normalizedAdvantages Â_i, none NaN
   * @param beta temperature β, finite and > 0
   * @param maxWeight upper clip, > 0 and at most {@link Float#MAX_VALUE}
   * @return a new array of weights in [0, maxWeight]
   * @throws IllegalArgumentException if β or maxWeight breaks its rule, or an Â is NaN (the message
   *     gives its index)
   */
  public static float[] weights(float[] normalizedAdvantages, double beta, double maxWeight) {
    if (!(beta > 0.0 && Double.isFinite(beta))) {
      throw new IllegalArgumentException("beta " + beta + " must be finite and > 0");
    }
    if (!(maxWeight > 0.0 && maxWeight <= Float.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "max_weight " + maxWeight + " must be > 0 and finite as a float");
    }
    float[] out = new float[normalizedAdvantages.length];
    for (int i = 0; i < out.length; i++) {
      float a = normalizedAdvantages[i];
      if (Float.isNaN(a)) {
        throw new IllegalArgumentException("normalised advantage " + i + " is NaN");
      }
      // exp overflows to +inf, which min() clips; the weight itself cannot be NaN.
      out[i] = (float) Math.min(Math.exp(a / beta), maxWeight);
    }
    return out;
  }

  /**
   * The arithmetic mean of {@code values}, summed in double (the logged {@code weights} metric).
   *
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public static double mean(float[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to average: the array is empty");
    }
    double sum = 0.0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** A = G − V in double: one definition for {@link BatchMoments} and {@link #normalize}. */
  static double advantage(float ret, float baseline) {
    return (double) ret - baseline;
  }

  static void checkSameLength(float[] returns, float[] baselines) {
    if (returns.length != baselines.length) {
      throw new IllegalArgumentException(
          returns.length
              + " returns but "
              + baselines.length
              + " baselines: need one V(s) per return");
    }
  }
}
