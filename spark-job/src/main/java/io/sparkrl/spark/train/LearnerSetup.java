package io.sparkrl.spark.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.preprocessing.ObservationScaler;
import java.io.Serial;
import java.io.Serializable;

/**
 * What a worker needs to build a learner of the driver's architecture (its parameters come
 * separately, as a {@link io.sparkrl.core.algo.LearnerState}); {@code key} names one training run
 * so that executors can keep and reuse the learners they built for it ({@link LearnerPool}).
 *
 * @param key identifies the run
 * @param config the hyperparameters
 * @param observationShape one single-frame observation
 * @param actionSize number of discrete actions
 * @param scaler the fitted scaler, or null
 * @param threadsPerTask BLAS threads a worker task may use
 */
public record LearnerSetup(
    String key,
    AwrConfig config,
    int[] observationShape,
    int actionSize,
    ObservationScaler scaler,
    int threadsPerTask)
    implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** The setup of {@code learner}'s architecture under run key {@code key}. */
  public static LearnerSetup of(
      String key, AwrLearner learner, int[] observationShape, int threadsPerTask) {
    return new LearnerSetup(
        key,
        learner.config(),
        observationShape.clone(),
        learner.actionSize(),
        learner.inputs().scaler(),
        threadsPerTask);
  }

  /** A new learner of this architecture (freshly initialised; set its state before use). */
  AwrLearner newLearner() {
    return new AwrLearner(config, observationShape, actionSize, scaler, 0);
  }
}
