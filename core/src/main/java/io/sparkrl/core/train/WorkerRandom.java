package io.sparkrl.core.train;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The random state of one worker's SGD period (its augmentations' draws): a pure function of the
 * run's seed, the epoch, the iteration, the worker, the phase and the period's first step, never of
 * which thread or JVM runs it or what ran there before. A retried task, a replaced executor or a
 * resumed run draws the same numbers (docs/design.md §3.4).
 */
public final class WorkerRandom {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private WorkerRandom() {}

  /** The generator of one period. */
  public static RandomGenerator forPeriod(
      long seed, int epoch, int iteration, int worker, Phase phase, int firstStep) {
    long key = seed;
    for (long part : new long[] {epoch, iteration, worker, phase.ordinal(), firstStep}) {
      key = mix(key ^ mix(part + GOLDEN));
    }
    return new SplittableRandom(key);
  }

  /** SplitMix64's finaliser (Stafford's variant 13). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
