package io.sparkrl.core.returns;

import java.io.Serializable;

/**
 * Count, mean and population standard deviation of the advantages A = G − V of one iteration's
 * batch, accumulated where the batch lies: each Spark partition {@link #add adds} its own
 * advantages, partial results are {@link #merge merged} in any order (a tree-aggregate), and the
 * driver reads {@link #mean()} and {@link #populationStd()} for {@link
 * AdvantageWeights#normalize(float[], float[], BatchMoments)}.
 *
 * <p>Numerically this is Welford's update per value and Chan et al.'s pairwise combination per
 * merge (count, mean, sum of squared deviations), not a raw sum of squares, so a large mean does
 * not cancel a small spread. Arithmetic is in double. Merging in a different order changes the
 * result only by rounding.
 *
 * <p>Mutable and not thread-safe: one instance per task, as Spark's aggregators are. {@link
 * Serializable}, with a public no-argument constructor for Kryo.
 */
public final class BatchMoments implements Serializable {

  private static final long serialVersionUID = 1L;

  private long count;
  private double mean;
  private double squaredDeviations;

  /** Empty moments: the zero value of an aggregate. */
  public BatchMoments() {}

  /**
   * Adds advantages A_i.
   *
   * @param advantages the values to add, all finite
   * @return this, for chaining
   * @throws IllegalArgumentException if a value is NaN or infinite (the message gives its index);
   *     values before it have been added
   */
  public BatchMoments add(float[] advantages) {
    for (int i = 0; i < advantages.length; i++) {
      addValue(advantages[i], i);
    }
    return this;
  }

  /**
   * Adds the advantages A_i = G_i − V_i, taking the difference in double (as {@link
   * AdvantageWeights#normalize(float[], float[], BatchMoments)} does, so that both see the same A).
   *
   * @param returns G_i, the λ-returns
   * @param baselines V(s_i), the same length as {@code returns}
   * @return this, for chaining
   * @throws IllegalArgumentException if the lengths differ, or an advantage is NaN or infinite
   */
  public BatchMoments add(float[] returns, float[] baselines) {
    AdvantageWeights.checkSameLength(returns, baselines);
    for (int i = 0; i < returns.length; i++) {
      addValue(AdvantageWeights.advantage(returns[i], baselines[i]), i);
    }
    return this;
  }

  /**
   * Adds everything {@code other} has seen; {@code other} is unchanged.
   *
   * @return this, for chaining
   */
  public BatchMoments merge(BatchMoments other) {
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      count = other.count;
      mean = other.mean;
      squaredDeviations = other.squaredDeviations;
      return this;
    }
    long total = count + other.count;
    double delta = other.mean - mean;
    double otherShare = (double) other.count / total;
    mean += delta * otherShare;
    squaredDeviations += other.squaredDeviations + delta * delta * count * otherShare;
    count = total;
    return this;
  }

  /** Number of advantages seen. */
  public long count() {
    return count;
  }

  /**
   * Mean of the advantages seen.
   *
   * @throws IllegalStateException if none were added
   */
  public double mean() {
    checkNotEmpty();
    return mean;
  }

  /**
   * Population standard deviation (ddof = 0, as {@code np.std}) of the advantages seen; 0 for a
   * single value or for equal values.
   *
   * @throws IllegalStateException if none were added
   */
  public double populationStd() {
    checkNotEmpty();
    return Math.sqrt(Math.max(0.0, squaredDeviations) / count);
  }

  private void addValue(double a, int index) {
    if (!Double.isFinite(a)) {
      throw new IllegalArgumentException("advantage " + index + " is " + a + ", not finite");
    }
    count++;
    double delta = a - mean;
    mean += delta / count;
    squaredDeviations += delta * (a - mean);
  }

  private void checkNotEmpty() {
    if (count == 0) {
      throw new IllegalStateException("no advantages were added: the batch is empty");
    }
  }

  @Override
  public String toString() {
    return "BatchMoments[count="
        + count
        + ", mean="
        + mean
        + ", populationStd="
        + (count == 0 ? Double.NaN : populationStd())
        + "]";
  }
}
