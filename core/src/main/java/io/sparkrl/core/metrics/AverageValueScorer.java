package io.sparkrl.core.metrics;

import io.sparkrl.datasets.Episode;
import java.util.List;

/**
 * d3rlpy's {@code average_value_estimation_scorer}: the mean of V(s_t) over all transitions of the
 * episodes (the bootstrap-only last row of a cut-off episode is not a transition), with
 * observations frame-stacked to the model's {@code nFrames}.
 */
public final class AverageValueScorer implements Scorer {

  /** The name the score is logged under. */
  public static final String NAME = "average_value_estimation";

  /** An average-value scorer; it holds no state. */
  public AverageValueScorer() {}

  /**
   * @throws IllegalArgumentException if the episodes hold no transitions, or an episode's shape is
   *     not the model's
   */
  @Override
  public double score(PolicyModel model, List<Episode> episodes) {
    TransitionWindows.requireTransitions(NAME, episodes);
    double[] sum = new double[1];
    TransitionWindows.forEach(
        model,
        episodes,
        false,
        window -> {
          for (float value : model.predictValue(window.observations(), window.rows())) {
            sum[0] += value;
          }
        });
    return sum[0] / TransitionWindows.transitionCount(episodes);
  }

  @Override
  public String toString() {
    return NAME;
  }
}
