package io.sparkrl.core.ope;

import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.algo.ObservationBatch;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.datasets.Episode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fitted Q evaluation's one loop, whatever runs the steps: the Q-network starts from its seeded
 * initialisation; each period every worker runs {@link FqeConfig#averagingInterval()} steps on its
 * share from the current parameters ({@link FqeBackend}), syncing its target network every {@link
 * FqeConfig#targetUpdateInterval()} steps, and their states are averaged, until {@link
 * FqeConfig#steps()} steps have run. With one worker this is d3rlpy's DiscreteFQE schedule (a hard
 * target update every interval).
 */
public final class FittedQEvaluation {

  private FittedQEvaluation() {}

  /**
   * Fits Q^π.
   *
   * @param config the settings
   * @param spec the network
   * @param backend where the steps run
   * @return the fitted network's state
   */
  public static NetworkState fit(FqeConfig config, FqeNetworkSpec spec, FqeBackend backend) {
    NetworkState state = NetworkState.of(spec.build());
    int remaining = config.steps();
    for (int period = 0; remaining > 0; period++) {
      int steps = Math.min(config.averagingInterval(), remaining);
      state =
          backend.period(
              state, config.targetUpdateInterval(), steps, periodSeed(config.seed(), period));
      remaining -= steps;
    }
    return state;
  }

  /**
   * Fits Q^π in this JVM, the episodes dealt round-robin to {@code workers} workers.
   *
   * @param config the settings
   * @param inputs how the evaluated model builds its network inputs
   * @param encoder the evaluated model's encoder parameters
   * @param policy the evaluated policy π
   * @param episodes the logged episodes
   * @param gamma the discount
   * @param workers workers, ≥ 1
   * @return the fitted Q-function
   */
  public static FqeModel fitLocally(
      FqeConfig config,
      ObservationBatch inputs,
      EncoderParams encoder,
      TargetPolicy policy,
      List<Episode> episodes,
      double gamma,
      int workers) {
    FqeNetworkSpec spec =
        new FqeNetworkSpec(
            inputs.inputShape(),
            policy.actionSize(),
            encoder,
            config.learningRate(),
            config.seed());
    List<FqeTransitions> shares = new ArrayList<>();
    for (int r = 0; r < workers; r++) {
      shares.add(new FqeTransitions(inputs.rowSize(), policy.actionSize()));
    }
    for (int i = 0; i < episodes.size(); i++) {
      Episode e = episodes.get(i);
      shares.get(i % workers).add(e, inputs, policy.probabilities(e));
    }
    NetworkState state =
        fit(config, spec, new LocalFqeBackend(spec, shares, config.batchSize(), gamma));
    return new FqeModel(spec, state.params(), inputs, gamma);
  }

  /** The seed of one period, from the run's seed. */
  static long periodSeed(long seed, int period) {
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (period + 1L))).nextLong();
  }

  /** The seed of worker {@code r} in a period seeded {@code periodSeed}. */
  public static long workerSeed(long periodSeed, int r) {
    return new SplittableRandom(periodSeed + 0xBF58476D1CE4E5B9L * (r + 1L)).nextLong();
  }
}
