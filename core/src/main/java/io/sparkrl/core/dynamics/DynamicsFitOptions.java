package io.sparkrl.core.dynamics;

import java.util.List;

/**
 * How {@link ProbabilisticEnsembleDynamics#fit} builds and trains the ensemble. The defaults follow
 * d3rlpy v0.23's {@code ProbabilisticEnsembleDynamics} (5 members, Adam with learning rate 1e-3,
 * mini-batches of 100) with the hidden layers of the PETS/MBPO models it comes from (swish).
 *
 * @param nEnsembles ensemble members, each an MLP with its own initialisation and batch order, ≥ 1
 * @param hiddenUnits units of each hidden layer (swish), at least one layer, each ≥ 1
 * @param learningRate Adam's learning rate, &gt; 0
 * @param batchSize transitions per Adam step, ≥ 1
 * @param nEpochs passes over the transitions, ≥ 1
 * @param standardise whether observations are standardised per feature (fitted on the episodes)
 *     before they enter the networks; the observation deltas are then predicted in those units
 * @param seed seeds the initial parameters and the batch orders; the same seed and data give the
 *     same model
 */
public record DynamicsFitOptions(
    int nEnsembles,
    List<Integer> hiddenUnits,
    double learningRate,
    int batchSize,
    int nEpochs,
    boolean standardise,
    long seed) {

  public static final int DEFAULT_N_ENSEMBLES = 5;
  public static final List<Integer> DEFAULT_HIDDEN_UNITS = List.of(200, 200);
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final int DEFAULT_N_EPOCHS = 20;
  public static final boolean DEFAULT_STANDARDISE = true;
  public static final long DEFAULT_SEED = 0L;

  /** The defaults above. */
  public static final DynamicsFitOptions DEFAULTS =
      new DynamicsFitOptions(
          DEFAULT_N_ENSEMBLES,
          DEFAULT_HIDDEN_UNITS,
          DEFAULT_LEARNING_RATE,
          DEFAULT_BATCH_SIZE,
          DEFAULT_N_EPOCHS,
          DEFAULT_STANDARDISE,
          DEFAULT_SEED);

  /** Checks every rule; the message names the field and the value. */
  public DynamicsFitOptions {
    if (nEnsembles < 1) {
      throw new IllegalArgumentException("n_ensembles must be >= 1, got " + nEnsembles);
    }
    if (hiddenUnits == null || hiddenUnits.isEmpty()) {
      throw new IllegalArgumentException("hidden_units must name at least one layer");
    }
    hiddenUnits = List.copyOf(hiddenUnits);
    for (int units : hiddenUnits) {
      if (units < 1) {
        throw new IllegalArgumentException("hidden_units must all be >= 1, got " + hiddenUnits);
      }
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning_rate must be > 0, got " + learningRate);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
    }
    if (nEpochs < 1) {
      throw new IllegalArgumentException("n_epochs must be >= 1, got " + nEpochs);
    }
  }

  /** These options with {@code nEpochs} replaced. */
  public DynamicsFitOptions withNEpochs(int v) {
    return new DynamicsFitOptions(
        nEnsembles, hiddenUnits, learningRate, batchSize, v, standardise, seed);
  }

  /** These options with {@code seed} replaced. */
  public DynamicsFitOptions withSeed(long v) {
    return new DynamicsFitOptions(
        nEnsembles, hiddenUnits, learningRate, batchSize, nEpochs, standardise, v);
  }

  /** These options with {@code nEnsembles} replaced. */
  public DynamicsFitOptions withNEnsembles(int v) {
    return new DynamicsFitOptions(
        v, hiddenUnits, learningRate, batchSize, nEpochs, standardise, seed);
  }

  /** These options with {@code hiddenUnits} replaced. */
  public DynamicsFitOptions withHiddenUnits(List<Integer> v) {
    return new DynamicsFitOptions(
        nEnsembles, v, learningRate, batchSize, nEpochs, standardise, seed);
  }

  /** These options with {@code batchSize} replaced. */
  public DynamicsFitOptions withBatchSize(int v) {
    return new DynamicsFitOptions(
        nEnsembles, hiddenUnits, learningRate, v, nEpochs, standardise, seed);
  }

  /** These options with {@code learningRate} replaced. */
  public DynamicsFitOptions withLearningRate(double v) {
    return new DynamicsFitOptions(
        nEnsembles, hiddenUnits, v, batchSize, nEpochs, standardise, seed);
  }
}
