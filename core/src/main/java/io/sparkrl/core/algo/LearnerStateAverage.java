package io.sparkrl.core.algo;

import java.io.Serial;
import java.io.Serializable;

/**
 * The element-wise mean of several workers' {@link LearnerState}s (parameters and optimiser states
 * alike), with the sums of the losses they report: the add/merge step of parameter averaging. Each
 * Spark partition {@link #add adds} its worker's result, partial sums {@link #merge merge} in any
 * order (a tree-aggregate), and the driver reads {@link #average()}.
 *
 * <p>Sums are kept in double, so the mean of one state is that state exactly and the order of
 * merging changes the mean only by rounding. Mutable, not thread-safe, {@link Serializable} with a
 * public no-argument constructor for Kryo.
 */
public final class LearnerStateAverage implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private double[][] sums;
  private long count;
  private double lossSum;
  private long lossCount;

  /** An empty average: the zero value of an aggregate. */
  public LearnerStateAverage() {}

  /**
   * Adds one worker's state and the sum of the {@code losses} losses of its steps.
   *
   * @return this, for chaining
   * @throws IllegalArgumentException if the state's sizes differ from the states added before
   */
  public LearnerStateAverage add(LearnerState state, double lossSum, long losses) {
    float[][] parts = parts(state);
    if (sums == null) {
      sums = new double[parts.length][];
      for (int p = 0; p < parts.length; p++) {
        sums[p] = new double[parts[p].length];
      }
    }
    for (int p = 0; p < parts.length; p++) {
      checkLength(p, parts[p].length, sums[p].length);
      double[] sum = sums[p];
      float[] values = parts[p];
      for (int i = 0; i < values.length; i++) {
        sum[i] += values[i];
      }
    }
    count++;
    this.lossSum += lossSum;
    this.lossCount += losses;
    return this;
  }

  /**
   * Adds another partial average into this one.
   *
   * @return this, for chaining
   * @throws IllegalArgumentException if the sizes differ
   */
  public LearnerStateAverage merge(LearnerStateAverage other) {
    if (other.sums == null) {
      return this;
    }
    if (sums == null) {
      sums = new double[other.sums.length][];
      for (int p = 0; p < sums.length; p++) {
        sums[p] = other.sums[p].clone();
      }
    } else {
      for (int p = 0; p < sums.length; p++) {
        checkLength(p, other.sums[p].length, sums[p].length);
        for (int i = 0; i < sums[p].length; i++) {
          sums[p][i] += other.sums[p][i];
        }
      }
    }
    count += other.count;
    lossSum += other.lossSum;
    lossCount += other.lossCount;
    return this;
  }

  /** How many states were added. */
  public long count() {
    return count;
  }

  /** The mean of the losses added (NaN when none). */
  public double meanLoss() {
    return lossCount == 0 ? Double.NaN : lossSum / lossCount;
  }

  /**
   * The element-wise mean state.
   *
   * @throws IllegalStateException if nothing was added
   */
  public LearnerState average() {
    if (count == 0) {
      throw new IllegalStateException("no worker state to average");
    }
    float[][] mean = new float[sums.length][];
    for (int p = 0; p < sums.length; p++) {
      mean[p] = new float[sums[p].length];
      for (int i = 0; i < mean[p].length; i++) {
        mean[p][i] = (float) (sums[p][i] / count);
      }
    }
    return new LearnerState(new NetworkState(mean[0], mean[1]), new NetworkState(mean[2], mean[3]));
  }

  private static float[][] parts(LearnerState s) {
    return new float[][] {
      s.actor().params(), s.actor().updaterState(), s.critic().params(), s.critic().updaterState()
    };
  }

  private static void checkLength(int part, int got, int expected) {
    if (got != expected) {
      throw new IllegalArgumentException(
          "state part " + part + " has " + got + " values, earlier states had " + expected);
    }
  }
}
