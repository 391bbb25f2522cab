package io.sparkrl.core.algo;

import java.io.Serial;
import java.io.Serializable;

/**
 * The element-wise mean of several workers' {@link LearnerState}s, or of one network's {@link
 * NetworkState}s (parameters and optimiser states alike), with the sums of the losses they report:
 * the add/merge step of parameter averaging. Each Spark partition {@link #add adds} its worker's
 * result, partial sums {@link #merge merge} in any order (a tree-aggregate), and the driver reads
 * {@link #average()} or {@link #averageNetwork()}.
 *
 * <p>A single state is kept as its floats (a worker's result travels at half the size of double
 * sums); from the second on, sums are kept in double, so the mean of one state is that state
 * exactly and the order of merging changes the mean only by rounding. Mutable, not thread-safe,
 * {@link Serializable} with a public no-argument constructor for Kryo.
 */
public final class LearnerStateAverage implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** The one state added while there is only one, kept as it came: a worker's result is floats. */
  private float[][] single;

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
    return addParts(parts(state), lossSum, losses);
  }

  /**
   * Adds one worker's state of a single network (the one a phase trains) and the sum of the {@code
   * losses} losses of its steps. Read the mean with {@link #averageNetwork()}.
   *
   * @return this, for chaining
   * @throws IllegalArgumentException if the state's sizes differ from the states added before
   */
  public LearnerStateAverage add(NetworkState state, double lossSum, long losses) {
    return addParts(new float[][] {state.params(), state.updaterState()}, lossSum, losses);
  }

  private LearnerStateAverage addParts(float[][] parts, double lossSum, long losses) {
    if (count == 0) {
      single = parts;
    } else {
      checkParts(parts.length);
      for (int p = 0; p < parts.length; p++) {
        checkLength(p, parts[p].length, sums()[p].length);
        double[] sum = sums[p];
        float[] values = parts[p];
        for (int i = 0; i < values.length; i++) {
          sum[i] += values[i];
        }
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
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      single = other.single;
      sums = other.sums == null ? null : deepCopy(other.sums);
    } else {
      double[][] theirs = other.sums();
      checkParts(theirs.length);
      for (int p = 0; p < theirs.length; p++) {
        checkLength(p, theirs[p].length, sums()[p].length);
        for (int i = 0; i < sums[p].length; i++) {
          sums[p][i] += theirs[p][i];
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
   * @throws IllegalStateException if nothing was added, or network states were
   */
  public LearnerState average() {
    float[][] mean = mean(4);
    return new LearnerState(new NetworkState(mean[0], mean[1]), new NetworkState(mean[2], mean[3]));
  }

  /**
   * The element-wise mean of the network states {@linkplain #add(NetworkState, double, long)
   * added}.
   *
   * @throws IllegalStateException if nothing was added, or learner states were
   */
  public NetworkState averageNetwork() {
    float[][] mean = mean(2);
    return new NetworkState(mean[0], mean[1]);
  }

  private float[][] mean(int parts) {
    if (count == 0) {
      throw new IllegalStateException("no worker state to average");
    }
    int have = single != null ? single.length : sums.length;
    if (have != parts) {
      throw new IllegalStateException(
          "the states added have " + have + " parts, not the " + parts + " asked for");
    }
    float[][] mean = new float[parts][];
    for (int p = 0; p < parts; p++) {
      if (single != null) {
        mean[p] = single[p].clone(); // (float) (x / 1.0) is x
        continue;
      }
      mean[p] = new float[sums[p].length];
      for (int i = 0; i < mean[p].length; i++) {
        mean[p][i] = (float) (sums[p][i] / count);
      }
    }
    return mean;
  }

  /** The sums as doubles, made from the single state the first time more than one is combined. */
  private double[][] sums() {
    if (sums == null) {
      sums = new double[single.length][];
      for (int p = 0; p < single.length; p++) {
        sums[p] = new double[single[p].length];
        for (int i = 0; i < single[p].length; i++) {
          sums[p][i] = single[p][i];
        }
      }
      single = null;
    }
    return sums;
  }

  private void checkParts(int parts) {
    int have = single != null ? single.length : sums.length;
    if (parts != have) {
      throw new IllegalArgumentException(
          "a state of " + parts + " parts cannot join states of " + have + " parts");
    }
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] copy = new double[a.length][];
    for (int p = 0; p < a.length; p++) {
      copy[p] = a[p].clone();
    }
    return copy;
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
