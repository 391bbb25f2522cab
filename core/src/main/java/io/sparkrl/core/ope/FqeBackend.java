package io.sparkrl.core.ope;

import io.sparkrl.core.algo.NetworkState;

/**
 * Where FQE's steps run: the seam between {@link FittedQEvaluation}, which owns the periods and the
 * target network, and an engine that holds the workers' shares of the data ({@link LocalFqeBackend}
 * in this JVM; the Spark job's runs one task per partition).
 */
public interface FqeBackend {

  /** The number of workers, each with its share of the transitions. */
  int workers();

  /**
   * One period: every worker runs {@code steps} steps ({@link FqeSteps#run}) on its share from
   * {@code start}, syncing its target every {@code targetUpdateInterval} steps, worker r seeded
   * {@link FittedQEvaluation#workerSeed}{@code (seed, r)}.
   *
   * @return the element-wise mean of the workers' end states
   */
  NetworkState period(NetworkState start, int targetUpdateInterval, int steps, long seed);
}
