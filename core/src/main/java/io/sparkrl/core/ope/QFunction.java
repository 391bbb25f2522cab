package io.sparkrl.core.ope;

import io.sparkrl.datasets.Episode;

/**
 * An estimate of the target policy's action values Q^π(s, a) at the states of logged episodes, the
 * model of the direct method and doubly robust estimators.
 *
 * <p>Contract: {@link #qValues(Episode)} returns {@code episode.length() × actionSize()} values,
 * row-major, row t being Q(s_t, ·) in reward units (discounted with the evaluation's γ).
 */
public interface QFunction {

  /** Number of discrete actions. */
  int actionSize();

  /** Q(s_t, a) for every row t of {@code episode}, {@code length() × actionSize()} row-major. */
  float[] qValues(Episode episode);
}
