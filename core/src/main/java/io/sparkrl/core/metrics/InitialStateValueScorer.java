package io.sparkrl.core.metrics;

import io.sparkrl.core.preprocessing.FrameStacker;
import io.sparkrl.datasets.Episode;
import java.util.ArrayList;
import java.util.List;

/**
 * d3rlpy's {@code initial_state_value_estimation_scorer}: the mean over episodes of V(s_0), the
 * value of each episode's first state (frame-stacked to the model's {@code nFrames}: zeros in the
 * older slots). Episodes without transitions (a cut-off episode of one row) are skipped, as d3rlpy
 * makes no batch for them.
 *
 * <p>d3rlpy v0.23 takes the first state of every 1024-transition window, so an episode longer than
 * 1024 transitions also contributes V(s_1024), V(s_2048), …; this scorer follows the documented
 * meaning instead and uses s_0 only.
 */
public final class InitialStateValueScorer implements Scorer {

  /** The name the score is logged under. */
  public static final String NAME = "initial_state_value_estimation";

  /** An initial-state-value scorer; it holds no state. */
  public InitialStateValueScorer() {}

  /**
   * @throws IllegalArgumentException if no episode has a transition, or an episode's shape is not
   *     the model's
   */
  @Override
  public double score(PolicyModel model, List<Episode> episodes) {
    List<Episode> scored = new ArrayList<>();
    for (Episode episode : episodes) {
      TransitionWindows.checkShape(model, episode);
      if (episode.transitionCount() > 0) {
        scored.add(episode);
      }
    }
    TransitionWindows.requireTransitions(NAME, scored);
    int nFrames = model.nFrames();
    double sum = 0;
    for (int start = 0; start < scored.size(); start += TransitionWindows.WINDOW_SIZE) {
      int rows = Math.min(TransitionWindows.WINDOW_SIZE, scored.size() - start);
      int inputSize = scored.get(start).shape().size() * nFrames;
      float[] observations = new float[rows * inputSize];
      for (int i = 0; i < rows; i++) {
        FrameStacker.stack(scored.get(start + i), 0, nFrames, observations, i * inputSize);
      }
      for (float value : model.predictValue(observations, rows)) {
        sum += value;
      }
    }
    return sum / scored.size();
  }

  @Override
  public String toString() {
    return NAME;
  }
}
