package io.sparkrl.core.config;

/**
 * d3rlpy's {@code dynamics}: a fitted dynamics model that generates extra transitions each epoch
 * (model-based augmentation). Each epoch {@code nTransitions} start states are drawn uniformly with
 * replacement and rolled out {@code horizon} steps with the current policy. Implemented by the
 * single-process {@code DiscreteAWR.fit} ({@code io.sparkrl.core.dynamics}); the Spark train job
 * refuses it.
 *
 * @param type the dynamics model kind; "probabilistic_ensemble" is the one supported
 * @param modelPath where the fitted {@code ProbabilisticEnsembleDynamics} zip was saved (e.g. by
 *     {@code sparkrl fit-dynamics}); {@code DiscreteAWR.fit} reads it through its run storage
 * @param nTransitions start transitions sampled per epoch (d3rlpy default 400)
 * @param horizon rollout length (d3rlpy default 5)
 */
public record DynamicsSpec(String type, String modelPath, int nTransitions, int horizon)
    implements java.io.Serializable {

  public static final String TYPE_PROBABILISTIC_ENSEMBLE = "probabilistic_ensemble";
  public static final String KEY_MODEL_PATH = "model_path";
  public static final String KEY_N_TRANSITIONS = "n_transitions";
  public static final String KEY_HORIZON = "horizon";
  public static final int DEFAULT_N_TRANSITIONS = 400;
  public static final int DEFAULT_HORIZON = 5;

  public DynamicsSpec {
    if (!TYPE_PROBABILISTIC_ENSEMBLE.equals(type)) {
      throw new IllegalArgumentException(
          "dynamics.type: \"" + type + "\" is not one of " + TYPE_PROBABILISTIC_ENSEMBLE);
    }
    if (modelPath == null || modelPath.isBlank()) {
      throw new IllegalArgumentException(
          "dynamics.model_path: the fitted dynamics model's path is required");
    }
    if (nTransitions < 1) {
      throw new IllegalArgumentException(
          "dynamics.n_transitions: must be >= 1, got " + nTransitions);
    }
    if (horizon < 1) {
      throw new IllegalArgumentException("dynamics.horizon: must be >= 1, got " + horizon);
    }
  }
}
