package io.sparkrl.core.metrics;

import io.sparkrl.datasets.Episode;
import java.util.List;

/**
 * d3rlpy's {@code td_error_scorer} for a state-value critic: the mean over all transitions of
 * {@code (V(s_t) − y_t)²} with {@code y_t = r_t + γ·V(s_{t+1})} for a non-terminal transition and
 * {@code y_t = r_t} for a terminal one. The last transition of a cut-off episode bootstraps from
 * its real successor (the episode's last row). γ is {@link PolicyModel#gamma()}; observations are
 * frame-stacked to the model's {@code nFrames} and evaluated in windows of 1024 transitions per
 * episode. Lower is better.
 */
public final class TdErrorScorer implements Scorer {

  /** The name the score is logged under. */
  public static final String NAME = "td_error";

  /** A TD-error scorer; it holds no state. */
  public TdErrorScorer() {}

  /**
   * @throws IllegalArgumentException if the episodes hold no transitions, or an episode's shape is
   *     not the model's
   */
  @Override
  public double score(PolicyModel model, List<Episode> episodes) {
    TransitionWindows.requireTransitions(NAME, episodes);
    double gamma = model.gamma();
    double[] sum = new double[1];
    TransitionWindows.forEach(
        model,
        episodes,
        true,
        window -> {
          float[] values = model.predictValue(window.observations(), window.rows());
          float[] nextValues = model.predictValue(window.next(), window.rows());
          Episode episode = window.episode();
          for (int i = 0; i < window.rows(); i++) {
            int t = window.start() + i;
            double target = episode.reward(t);
            if (!episode.isTerminal(t)) {
              target += gamma * nextValues[i];
            }
            double error = values[i] - target;
            sum[0] += error * error;
          }
        });
    return sum[0] / TransitionWindows.transitionCount(episodes);
  }

  @Override
  public String toString() {
    return NAME;
  }
}
