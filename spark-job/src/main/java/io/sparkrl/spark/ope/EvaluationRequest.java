package io.sparkrl.spark.ope;

import io.sparkrl.core.ope.BootstrapIntervals;
import io.sparkrl.core.ope.Estimator;
import io.sparkrl.core.ope.TargetMode;
import java.util.List;

/**
 * What {@code sparkrl evaluate} evaluates, and how.
 *
 * @param modelUri a model archive ({@code model_<epoch>.zip}) on any Hadoop file system
 * @param dataUri the Parquet episode dataset to evaluate on
 * @param estimators the estimators, in the order they are reported
 * @param gamma the discount, or NaN for the model's own {@code gamma}
 * @param target which of the model's policies is evaluated
 * @param bootstrap the confidence intervals' resampling
 */
public record EvaluationRequest(
    String modelUri,
    String dataUri,
    List<Estimator> estimators,
    double gamma,
    TargetMode target,
    BootstrapIntervals bootstrap) {

  /** The estimators {@code sparkrl evaluate} runs by default. */
  public static final String DEFAULT_ESTIMATORS = "fqe,wis,pdis,dr,dm";

  /**
   * @throws IllegalArgumentException if a URI or the estimator list is missing, or gamma is set
   *     outside [0, 1]
   */
  public EvaluationRequest {
    if (modelUri == null || dataUri == null || target == null || bootstrap == null) {
      throw new IllegalArgumentException("a model, a dataset, a target and a bootstrap are needed");
    }
    if (estimators == null || estimators.isEmpty()) {
      throw new IllegalArgumentException("--estimators: at least one estimator is needed");
    }
    if (!Double.isNaN(gamma) && !(gamma >= 0.0 && gamma <= 1.0)) {
      throw new IllegalArgumentException("--gamma must be in [0, 1], got " + gamma);
    }
    estimators = List.copyOf(estimators);
  }

  /** The defaults for one model and dataset: all five estimators, greedy policy, model's gamma. */
  public static EvaluationRequest of(String modelUri, String dataUri) {
    return new EvaluationRequest(
        modelUri,
        dataUri,
        Estimator.parseList(DEFAULT_ESTIMATORS),
        Double.NaN,
        TargetMode.GREEDY,
        BootstrapIntervals.defaults());
  }

  /** True if an estimator needs the behaviour policy's {@code action_prob}. */
  public boolean needsActionProb() {
    return estimators.stream().anyMatch(Estimator::needsActionProb);
  }

  /** True if an estimator needs a fitted Q-function (FQE). */
  public boolean needsQ() {
    return estimators.stream().anyMatch(Estimator::needsQ);
  }
}
