package io.sparkrl.datasets.env;

/**
 * A deterministic rule from an observation to an action in [0, actionCount), the core of a {@link
 * NoisyHeuristicPolicy}.
 */
@FunctionalInterface
public interface Heuristic {

  /** The action the rule takes at {@code observation}. */
  int action(float[] observation);

  /**
   * The mirrored rule: action a becomes actionCount − 1 − a (CartPole: push the other way; Catch:
   * move away from the ball, staying stays). Used for deliberately bad datasets.
   */
  default Heuristic reversed(int actionCount) {
    return observation -> actionCount - 1 - action(observation);
  }
}
