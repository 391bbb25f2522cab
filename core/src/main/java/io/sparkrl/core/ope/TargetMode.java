package io.sparkrl.core.ope;

import java.util.Locale;

/**
 * Which policy of a trained DiscreteAWR is evaluated. {@link #GREEDY} (the default) is the policy
 * {@code predict} and {@code save_policy} deploy: argmax π(a|s), deterministic, so importance
 * ratios are 0 where the logged action differs from it and 1/μ where it agrees (as RLlib does for
 * deterministic policies). {@link #SOFTMAX} is the actor's stochastic π(a|s).
 */
public enum TargetMode {
  GREEDY,
  SOFTMAX;

  /** The command-line name: {@code greedy} or {@code softmax}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for any other name, listing the valid ones
   */
  public static TargetMode parse(String name) {
    for (TargetMode mode : values()) {
      if (mode.key().equals(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "target policy '" + name + "' is not one of greedy, softmax");
  }
}
