package io.sparkrl.core.metrics;

import io.sparkrl.datasets.Episode;
import java.util.List;

/**
 * A d3rlpy scorer: one number computed from a trained model, usually on evaluation episodes, logged
 * once per epoch under its name. Values have their natural sign (d3rlpy negates some internally and
 * flips them back before logging).
 */
@FunctionalInterface
public interface Scorer {

  /**
   * @param model the trained model
   * @param episodes evaluation episodes (scorers that run an environment may ignore them)
   */
  double score(PolicyModel model, List<Episode> episodes);
}
