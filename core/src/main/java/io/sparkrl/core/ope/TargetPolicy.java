package io.sparkrl.core.ope;

import io.sparkrl.datasets.Episode;

/**
 * The policy π being evaluated, as action probabilities at the states of logged episodes.
 *
 * <p>Contract: {@link #probabilities(Episode)} returns {@code episode.length() × actionSize()}
 * values, row-major, row t being π(·|s_t): non-negative and summing to 1 (up to float rounding). A
 * deterministic policy returns one-hot rows. Implementations need not be thread-safe.
 */
public interface TargetPolicy {

  /** Number of discrete actions. */
  int actionSize();

  /** π(a|s_t) for every row t of {@code episode}, {@code length() × actionSize()} row-major. */
  float[] probabilities(Episode episode);
}
