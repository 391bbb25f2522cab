package io.sparkrl.spark.retrain;

import io.sparkrl.core.ope.BootstrapIntervals;
import io.sparkrl.core.ope.Estimator;
import io.sparkrl.core.ope.TargetMode;
import io.sparkrl.spark.job.TrainRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One retrain of a registered model.
 *
 * @param registry the registry's URI
 * @param name the model's name in the registry
 * @param dataUris the training data: dataset folders or partition parents ({@code --data})
 * @param dataWindow the last N partitions of each partition parent, or null for all
 * @param validationLedgerUri the validation ledger, or null for none
 * @param evalDataUri the held-out slice both models are evaluated on
 * @param runsUri the folder the challenger's run directory is made in
 * @param warmStart whether the challenger starts from the champion's weights
 * @param estimators the estimators run on both models
 * @param gate the publishing rule
 * @param gamma the evaluation's discount, or NaN for the models' own
 * @param target the evaluated policy
 * @param bootstrap the confidence intervals' resampling
 * @param fqeSteps FQE's gradient steps
 */
public record RetrainRequest(
    String registry,
    String name,
    List<String> dataUris,
    Integer dataWindow,
    String validationLedgerUri,
    String evalDataUri,
    String runsUri,
    boolean warmStart,
    List<Estimator> estimators,
    RetrainGate gate,
    double gamma,
    TargetMode target,
    BootstrapIntervals bootstrap,
    int fqeSteps) {

  /**
   * @throws IllegalArgumentException if a URI is missing, the gate's estimator is not among the
   *     estimators, or fqeSteps is below 1
   */
  public RetrainRequest {
    for (String[] required :
        new String[][] {
          {"--registry", registry},
          {"--name", name},
          {"--eval-data", evalDataUri},
          {"--runs", runsUri}
        }) {
      if (required[1] == null || required[1].isBlank()) {
        throw new IllegalArgumentException(required[0] + " is required");
      }
    }
    if (dataUris == null || dataUris.isEmpty()) {
      throw new IllegalArgumentException("--data is required");
    }
    dataUris = List.copyOf(dataUris);
    if (dataWindow != null && dataWindow < 1) {
      throw new IllegalArgumentException("--data-window must be at least 1, got " + dataWindow);
    }
    estimators = List.copyOf(estimators);
    if (!estimators.contains(gate.estimator())) {
      throw new IllegalArgumentException(
          "--gate-estimator "
              + gate.estimator().key()
              + " is not among --estimators "
              + estimators.stream().map(Estimator::key).toList());
    }
    if (fqeSteps < 1) {
      throw new IllegalArgumentException("--fqe-steps must be >= 1, got " + fqeSteps);
    }
  }

  /** A retrain on one dataset folder, without a ledger. */
  public RetrainRequest(
      String registry,
      String name,
      String dataUri,
      String evalDataUri,
      String runsUri,
      boolean warmStart,
      List<Estimator> estimators,
      RetrainGate gate,
      double gamma,
      TargetMode target,
      BootstrapIntervals bootstrap,
      int fqeSteps) {
    this(
        registry,
        name,
        dataUri == null ? List.of() : List.of(dataUri),
        null,
        null,
        evalDataUri,
        runsUri,
        warmStart,
        estimators,
        gate,
        gamma,
        target,
        bootstrap,
        fqeSteps);
  }

  /** The training request of the challenger's run directory. */
  public TrainRequest trainRequest(String runUri, boolean resume, String initModelUri) {
    return new TrainRequest(
        dataUris, dataWindow, validationLedgerUri, runUri, resume, initModelUri, false);
  }

  /** The evaluation and gate settings that decide the outcome, for the idempotency key. */
  public Map<String, String> decidingSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("warm_start", String.valueOf(warmStart));
    m.put("estimators", estimators.stream().map(Estimator::key).toList().toString());
    m.put("gate_estimator", gate.estimator().key());
    m.put("margin", String.valueOf(gate.margin()));
    m.put("gamma", String.valueOf(gamma));
    m.put("target", target.key());
    m.put("bootstrap", bootstrap.toString());
    m.put("fqe_steps", String.valueOf(fqeSteps));
    return m;
  }
}
