package io.sparkrl.core.train;

/**
 * Where an epoch's wall time went.
 *
 * @param epoch the epoch (as logged)
 * @param iterations iterations run
 * @param transitions transitions trained on (iterations × batch_size)
 * @param sgdSteps SGD steps summed over the workers
 * @param stage1Seconds computing the returns and placing the slices
 * @param trainSeconds running the groups, wall time
 * @param computeSeconds the slowest worker's SGD steps, summed over the groups
 * @param syncSeconds the workers' mean time in the exchange, summed over the groups
 * @param evalSeconds scorers and checkpoints
 */
public record EpochTiming(
    int epoch,
    int iterations,
    long transitions,
    long sgdSteps,
    double stage1Seconds,
    double trainSeconds,
    double computeSeconds,
    double syncSeconds,
    double evalSeconds) {

  /** The wall time of the epoch. */
  public double totalSeconds() {
    return stage1Seconds + trainSeconds + evalSeconds;
  }

  /** Training time outside the workers' steps and exchange: scheduling, broadcasts, results. */
  public double overheadSeconds() {
    return Math.max(0, trainSeconds - computeSeconds - syncSeconds);
  }

  /** Transitions per second of the whole epoch. */
  public double transitionsPerSecond() {
    return transitions / Math.max(1e-9, totalSeconds());
  }

  /** SGD steps per second (all workers) of the whole epoch. */
  public double stepsPerSecond() {
    return sgdSteps / Math.max(1e-9, totalSeconds());
  }
}
