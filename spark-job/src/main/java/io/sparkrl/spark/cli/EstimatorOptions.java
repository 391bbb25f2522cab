package io.sparkrl.spark.cli;

import io.sparkrl.core.ope.BootstrapIntervals;
import io.sparkrl.core.ope.Estimator;
import io.sparkrl.core.ope.TargetMode;
import io.sparkrl.spark.ope.EvaluationRequest;
import io.sparkrl.spark.ope.SparkFqe;
import java.util.List;
import picocli.CommandLine.Option;

/** The off-policy evaluation options that {@code evaluate} and {@code retrain} share. */
public final class EstimatorOptions {

  @Option(
      names = "--estimators",
      defaultValue = EvaluationRequest.DEFAULT_ESTIMATORS,
      description =
          "Comma-separated, of fqe, is, wis, pdis, wpdis, dm, dr (all but fqe need the"
              + " action_prob column). Default: ${DEFAULT-VALUE}.")
  String estimators;

  @Option(names = "--gamma", description = "Evaluation discount (default: the model's gamma).")
  Double gamma;

  @Option(
      names = "--target",
      defaultValue = "greedy",
      description = "The policy evaluated: greedy (what predict deploys) or softmax.")
  String target;

  @Option(
      names = "--fqe-steps",
      defaultValue = "" + SparkFqe.DEFAULT_STEPS,
      description = "FQE gradient steps (default ${DEFAULT-VALUE}).")
  int fqeSteps;

  @Option(names = "--resamples", defaultValue = "1000", description = "Bootstrap resamples.")
  int resamples;

  @Option(names = "--confidence", defaultValue = "0.95", description = "Interval level.")
  double confidence;

  /** The estimators, parsed. */
  public List<Estimator> estimators() {
    return Estimator.parseList(estimators);
  }

  /** {@code --gamma}, or NaN for the model's own. */
  public double gamma() {
    return gamma == null ? Double.NaN : gamma;
  }

  /** The evaluated policy. */
  public TargetMode target() {
    return TargetMode.parse(target);
  }

  /** FQE's gradient steps. */
  public int fqeSteps() {
    return fqeSteps;
  }

  /** The intervals' resampling with this seed. */
  public BootstrapIntervals bootstrap(long seed) {
    return new BootstrapIntervals(resamples, confidence, seed);
  }
}
