package io.sparkrl.core.train;

import java.util.Map;

/**
 * Receives the training loop's progress (progress lines, tests). Every method does nothing by
 * default.
 */
public interface TrainingListener {

  /**
   * An epoch begins.
   *
   * @param epoch the epoch as logged
   * @param iterations its iterations
   */
  default void epochStarted(int epoch, int iterations) {}

  /** An iteration's values are known. */
  default void iterationDone(IterationResult result) {}

  /**
   * An epoch ended.
   *
   * @param timing where its time went
   * @param metrics the epoch's committed metrics (losses and scorers)
   */
  default void epochDone(EpochTiming timing, Map<String, Double> metrics) {}
}
