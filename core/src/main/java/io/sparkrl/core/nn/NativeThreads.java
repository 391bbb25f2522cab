package io.sparkrl.core.nn;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The number of BLAS threads one ND4J caller may use (libnd4j's own OpenMP pool is sized from
 * {@code OMP_NUM_THREADS} when the JVM starts, so the job also sets that variable for executors).
 * Spark runs one task per core; a task whose matrix products also fan out over every core
 * oversubscribes the machine (on 2 cores, two tasks × two BLAS threads measurably slow each other),
 * so the job limits each task to a few threads, one by default.
 *
 * <p>The setting is per JVM (ND4J's environment is global); calling it again with the same value
 * costs nothing.
 */
public final class NativeThreads {

  private static volatile int current = -1;

  private NativeThreads() {}

  /**
   * Limits the BLAS threads in this JVM to {@code threads}.
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static synchronized void limit(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("native threads must be >= 1, got " + threads);
    }
    if (threads == current) {
      return;
    }
    Nd4j.factory().blas().setMaxThreads(threads);
    current = threads;
  }

  /** The limit last set in this JVM, or 0 if {@link #limit} was never called. */
  static int limitOrZero() {
    return Math.max(current, 0);
  }

  /** The BLAS library's current thread count. */
  public static int blasThreads() {
    return Nd4j.factory().blas().getMaxThreads();
  }
}
