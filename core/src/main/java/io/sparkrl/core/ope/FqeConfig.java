package io.sparkrl.core.ope;

/**
 * Fitted Q evaluation's settings (d3rlpy's {@code DiscreteFQE}: batch 100, target network synced
 * every 100 steps, Adam). The learning rate is 10× d3rlpy's 1e-4 because sparkrl's runs are far
 * shorter than d3rlpy's FQE epochs; the Q-network learns values in units of (1 − γ)·return so its
 * outputs stay O(1) whatever γ (see {@link FqeSteps}).
 *
 * @param steps gradient steps of each worker in all
 * @param batchSize transitions per step
 * @param learningRate Adam's step size
 * @param targetUpdateInterval steps between target-network syncs; also the period between the
 *     workers' parameter averages
 * @param seed the networks' initialisation and the batches' sampling
 */
public record FqeConfig(
    int steps, int batchSize, double learningRate, int targetUpdateInterval, long seed) {

  public static final int DEFAULT_STEPS = 3000;
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  public static final int DEFAULT_TARGET_UPDATE_INTERVAL = 100;

  /**
   * @throws IllegalArgumentException if a count is below 1 or the learning rate not positive
   */
  public FqeConfig {
    if (steps < 1 || batchSize < 1 || targetUpdateInterval < 1) {
      throw new IllegalArgumentException(
          "FQE steps, batch size and target update interval must be >= 1, got "
              + steps
              + ", "
              + batchSize
              + ", "
              + targetUpdateInterval);
    }
    if (!(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("FQE learning rate must be > 0, got " + learningRate);
    }
  }

  /** The defaults with {@code steps} steps and {@code seed}. */
  public static FqeConfig of(int steps, long seed) {
    return new FqeConfig(
        steps, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_TARGET_UPDATE_INTERVAL, seed);
  }
}
