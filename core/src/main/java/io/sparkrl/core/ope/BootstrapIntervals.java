package io.sparkrl.core.ope;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap confidence intervals over episodes: each resample draws as many episodes as
 * there are, with replacement, from a generator seeded with {@link #seed()}, and the interval is
 * the (1 − level)/2 and (1 + level)/2 quantiles (linear interpolation) of the estimator over the
 * resamples. Resamples where a weighted estimator has no value (all weights 0) are left out.
 *
 * @param resamples number of resamples, ≥ 1
 * @param level confidence level in (0, 1)
 * @param seed the generator's seed
 */
public record BootstrapIntervals(int resamples, double level, long seed) {

  public static final int DEFAULT_RESAMPLES = 1000;
  public static final double DEFAULT_LEVEL = 0.95;
  public static final long DEFAULT_SEED = 0L;

  /** One estimator's result. */
  public record Interval(
      Estimator estimator, double value, double low, double high, int episodes) {}

  public BootstrapIntervals {
    if (resamples < 1) {
      throw new IllegalArgumentException("bootstrap resamples must be >= 1, got " + resamples);
    }
    if (!(level > 0.0 && level < 1.0)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
  }

  /** The defaults: {@value #DEFAULT_RESAMPLES} resamples, 95%, seed 0. */
  public static BootstrapIntervals defaults() {
    return new BootstrapIntervals(DEFAULT_RESAMPLES, DEFAULT_LEVEL, DEFAULT_SEED);
  }

  /**
   * The estimate and its interval. Every estimator starts from the same seed, so their resamples
   * are the same episodes.
   *
   * @throws IllegalArgumentException if there are no episodes
   */
  public Interval interval(Estimator estimator, List<EpisodeSummary> episodes) {
    int n = episodes.size();
    if (n == 0) {
      throw new IllegalArgumentException("no episodes to evaluate");
    }
    double value = estimator.estimate(episodes);
    SplittableRandom random = new SplittableRandom(seed);
    double[] draws = new double[resamples];
    int kept = 0;
    int[] counts = new int[n];
    for (int b = 0; b < resamples; b++) {
      Arrays.fill(counts, 0);
      for (int j = 0; j < n; j++) {
        counts[random.nextInt(n)]++;
      }
      double v = estimator.estimate(episodes, counts);
      if (!Double.isNaN(v)) {
        draws[kept++] = v;
      }
    }
    if (kept == 0) {
      return new Interval(estimator, value, Double.NaN, Double.NaN, n);
    }
    double[] sorted = Arrays.copyOf(draws, kept);
    Arrays.sort(sorted);
    double tail = (1.0 - level) / 2.0;
    return new Interval(estimator, value, quantile(sorted, tail), quantile(sorted, 1.0 - tail), n);
  }

  /** The q-quantile of sorted values, interpolating linearly between order statistics. */
  static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    double fraction = position - below;
    return sorted[below] + fraction * (sorted[above] - sorted[below]);
  }
}
