package io.sparkrl.core.ope;

/**
 * Fitted Q evaluation's settings, after d3rlpy's {@code DiscreteFQE} (batch 100, Adam, a hard
 * target-network sync) but for runs of thousands of steps, not d3rlpy's hundreds of thousands: a
 * value needs about 1/(1 − γ) syncs to propagate over the discount's horizon, so the target is
 * synced every 10 steps (d3rlpy: 100) and Adam's step is 1e-3 (d3rlpy: 1e-4). The Q-network learns
 * values in units of (1 − γ)·return so its outputs stay O(1) whatever γ (see {@link FqeSteps}).
 *
 * @param steps gradient steps of each worker in all
 * @param batchSize transitions per step
 * @param learningRate Adam's step size
 * @param targetUpdateInterval steps between target-network syncs
 * @param averagingInterval steps between the workers' parameter averages, a multiple of {@code
 *     targetUpdateInterval}
 * @param seed the networks' initialisation and the batches' sampling
 */
public record FqeConfig(
    int steps,
    int batchSize,
    double learningRate,
    int targetUpdateInterval,
    int averagingInterval,
    long seed) {

  public static final int DEFAULT_STEPS = 3000;
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  public static final int DEFAULT_TARGET_UPDATE_INTERVAL = 10;
  public static final int DEFAULT_AVERAGING_INTERVAL = 200;

  /**
   * @throws IllegalArgumentException if a count is below 1 or the learning rate not positive
   */
  public FqeConfig {
    if (steps < 1 || batchSize < 1 || targetUpdateInterval < 1 || averagingInterval < 1) {
      throw new IllegalArgumentException(
          "FQE steps, batch size, target update and averaging intervals must be >= 1, got "
              + steps
              + ", "
              + batchSize
              + ", "
              + targetUpdateInterval
              + ", "
              + averagingInterval);
    }
    if (averagingInterval % targetUpdateInterval != 0) {
      throw new IllegalArgumentException(
          "FQE averaging interval "
              + averagingInterval
              + " is not a multiple of the target update interval "
              + targetUpdateInterval);
    }
    if (!(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("FQE learning rate must be > 0, got " + learningRate);
    }
  }

  /** The defaults with {@code steps} steps and {@code seed}. */
  public static FqeConfig of(int steps, long seed) {
    return new FqeConfig(
        steps,
        DEFAULT_BATCH_SIZE,
        DEFAULT_LEARNING_RATE,
        DEFAULT_TARGET_UPDATE_INTERVAL,
        DEFAULT_AVERAGING_INTERVAL,
        seed);
  }
}
