package io.sparkrl.core.ope;

import io.sparkrl.core.algo.LearnerStateAverage;
import io.sparkrl.core.algo.NetworkState;
import java.util.List;

/** {@link FqeBackend} in this JVM: the workers' shares run one after another. */
public final class LocalFqeBackend implements FqeBackend {

  private final FqeNetworkSpec spec;
  private final List<FqeTransitions> shares;
  private final int batchSize;
  private final double gamma;
  private final double minReward;
  private final double maxReward;

  /**
   * @param spec the network
   * @param shares one share of transitions per worker
   * @param batchSize transitions per step
   * @param gamma the discount
   */
  public LocalFqeBackend(
      FqeNetworkSpec spec, List<FqeTransitions> shares, int batchSize, double gamma) {
    if (shares.isEmpty()) {
      throw new IllegalArgumentException("FQE needs at least one worker's share");
    }
    this.spec = spec;
    this.shares = List.copyOf(shares);
    this.batchSize = batchSize;
    this.gamma = gamma;
    this.minReward = shares.stream().mapToDouble(FqeTransitions::minReward).min().orElseThrow();
    this.maxReward = shares.stream().mapToDouble(FqeTransitions::maxReward).max().orElseThrow();
  }

  @Override
  public int workers() {
    return shares.size();
  }

  @Override
  public NetworkState period(NetworkState start, int targetUpdateInterval, int steps, long seed) {
    LearnerStateAverage mean = new LearnerStateAverage();
    for (int r = 0; r < shares.size(); r++) {
      NetworkState end =
          FqeSteps.run(
              spec,
              start,
              targetUpdateInterval,
              shares.get(r),
              steps,
              batchSize,
              gamma,
              FittedQEvaluation.workerSeed(seed, r),
              minReward,
              maxReward);
      mean.add(end, 0.0, 0);
    }
    return mean.averageNetwork();
  }
}
