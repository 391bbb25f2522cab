package io.sparkrl.core.train;

import java.io.Serial;
import java.io.Serializable;

/**
 * One synchronisation period of a worker: {@code steps} SGD steps of one phase, numbered from
 * {@code firstStep} within the iteration (so the mini-batch slices continue where the previous
 * period stopped), after which the phase's network is averaged over the group's workers.
 */
public record Period(Phase phase, int firstStep, int steps) implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks the step range. */
  public Period {
    if (firstStep < 0 || steps < 1) {
      throw new IllegalArgumentException(
          "a period needs firstStep >= 0 and steps >= 1, got " + firstStep + " and " + steps);
    }
  }
}
