package io.sparkrl.core.metrics;

import io.sparkrl.datasets.Episode;
import java.util.List;

/**
 * d3rlpy's {@code discrete_action_match_scorer}: the fraction, in [0, 1], of transitions whose
 * dataset action a_t equals the model's greedy action {@code predict(s_t)}, with observations
 * frame-stacked to the model's {@code nFrames}. Higher is better.
 */
public final class DiscreteActionMatchScorer implements Scorer {

  /** The name the score is logged under. */
  public static final String NAME = "discrete_action_match";

  /** An action-match scorer; it holds no state. */
  public DiscreteActionMatchScorer() {}

  /**
   * @throws IllegalArgumentException if the episodes hold no transitions, or an episode's shape is
   *     not the model's
   */
  @Override
  public double score(PolicyModel model, List<Episode> episodes) {
    TransitionWindows.requireTransitions(NAME, episodes);
    long[] matches = new long[1];
    TransitionWindows.forEach(
        model,
        episodes,
        false,
        window -> {
          int[] predicted = model.predict(window.observations(), window.rows());
          for (int i = 0; i < window.rows(); i++) {
            if (predicted[i] == window.episode().action(window.start() + i)) {
              matches[0]++;
            }
          }
        });
    return (double) matches[0] / TransitionWindows.transitionCount(episodes);
  }

  @Override
  public String toString() {
    return NAME;
  }
}
