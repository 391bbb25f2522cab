package io.sparkrl.core.train;

import java.util.Arrays;
import java.util.Locale;

/**
 * How K workers share an epoch's SGD work (docs/design.md §3.3). In every mode the parameters and
 * momentum buffers of the network a phase trains are averaged every {@code averaging_frequency}
 * steps; the modes differ in what each worker trains on between averages.
 */
public enum ParallelMode {
  /**
   * Each worker runs whole iterations on its own batch: a group of K consecutive iterations runs at
   * once, worker w taking the group's w-th iteration with all its {@code n_critic_updates} and
   * {@code n_actor_updates} steps, its advantages normalised over its own batch as d3rlpy does. An
   * epoch takes ⌈iterations / K⌉ groups: its wall time falls about 1/K.
   */
  ITERATIONS,
  /**
   * The workers split each iteration: worker w trains on share w of the batch (normalised over the
   * whole batch) for ⌈n / K⌉ of each phase's n steps. An epoch still has every iteration, each
   * about 1/K as long.
   */
  STEPS,
  /**
   * Every worker runs all of each iteration's steps on its share of the batch: K times the compute
   * of one worker for the same wall time (the design before work sharing).
   */
  REPLICATE;

  /** The setting's text: the lower-case name. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The mode named {@code text} (case-insensitive).
   *
   * @throws IllegalArgumentException for another name, listing the names
   */
  public static ParallelMode fromJsonName(String text) {
    for (ParallelMode m : values()) {
      if (m.jsonName().equalsIgnoreCase(text.strip())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "must be one of "
            + String.join(", ", Arrays.stream(values()).map(ParallelMode::jsonName).toList())
            + ", got '"
            + text
            + "'");
  }
}
