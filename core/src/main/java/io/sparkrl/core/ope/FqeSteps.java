package io.sparkrl.core.ope;

import io.sparkrl.core.algo.NetworkState;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One worker's FQE steps, a pure function of its arguments so an executor can run it: from {@code
 * start}, {@code steps} Adam steps on mini-batches drawn uniformly with replacement from the
 * worker's share, each regressing Q'(s, a) on y' = (1 − γ)·r + γ·(1 − terminal)·Σ_a' π(a'|s')
 * Q'_target(s', a'). The target network starts as {@code start}'s parameters and is set to the
 * worker's current ones every {@code targetUpdateInterval} steps. The bootstrapped values are
 * clipped to what any policy's value can be, [min(0, r_min), max(0, r_max)] in these units (the
 * rewards' range over the whole dataset, an episode may end at any step): without it a policy the
 * data covers poorly can make the iteration diverge (docs/benchmarks.md, the mirrored target). Q' =
 * (1 − γ)·Q (for γ &lt; 1), so values stay O(1); {@link FqeModel} scales them back. Only the logged
 * action's output has an error: the other outputs' labels are the network's own predictions.
 */
public final class FqeSteps {

  private FqeSteps() {}

  /** The factor Q' = scale·Q: 1 − γ, or 1 when γ = 1. */
  public static double valueScale(double gamma) {
    return gamma < 1.0 ? 1.0 - gamma : 1.0;
  }

  /**
   * @param spec the network
   * @param start the online network's parameters and Adam state
   * @param targetUpdateInterval steps between target syncs
   * @param share the worker's transitions
   * @param steps steps to run, ≥ 0
   * @param batchSize transitions per step
   * @param gamma the discount
   * @param seed the batches' sampling
   * @param minReward the smallest reward of the whole dataset
   * @param maxReward the largest reward of the whole dataset
   * @return the online network's state after the steps
   * @throws IllegalArgumentException if the share is empty and steps is positive
   */
  public static NetworkState run(
      FqeNetworkSpec spec,
      NetworkState start,
      int targetUpdateInterval,
      FqeTransitions share,
      int steps,
      int batchSize,
      double gamma,
      long seed,
      double minReward,
      double maxReward) {
    if (steps > 0 && share.count() == 0) {
      throw new IllegalArgumentException("an FQE worker has no transitions to train on");
    }
    MultiLayerNetwork online = spec.build();
    start.applyTo(online);
    MultiLayerNetwork frozen = spec.build();
    frozen.params().assign(online.params());
    double scale = valueScale(gamma);
    double low = gamma < 1.0 ? Math.min(0.0, minReward) : Double.NEGATIVE_INFINITY;
    double high = gamma < 1.0 ? Math.max(0.0, maxReward) : Double.POSITIVE_INFINITY;
    int k = share.actionSize();
    int rowSize = share.rowSize();
    long[] shape = batchShape(spec.inputShape(), batchSize);
    SplittableRandom random = new SplittableRandom(seed);
    float[] now = new float[batchSize * rowSize];
    float[] next = new float[batchSize * rowSize];
    int[] picked = new int[batchSize];
    for (int step = 0; step < steps; step++) {
      if (step > 0 && step % targetUpdateInterval == 0) {
        frozen.params().assign(online.params());
      }
      for (int b = 0; b < batchSize; b++) {
        int i = random.nextInt(share.count());
        picked[b] = i;
        share.copyInput(i, false, now, b);
        share.copyInput(i, true, next, b);
      }
      INDArray input = Nd4j.create(now.clone(), shape, 'c');
      float[] nextQ = frozen.output(Nd4j.create(next.clone(), shape, 'c'), false).data().asFloat();
      INDArray labels = online.output(input, false).dup();
      for (int b = 0; b < batchSize; b++) {
        int i = picked[b];
        double bootstrap = 0;
        if (!share.terminal(i)) {
          for (int a = 0; a < k; a++) {
            double q = Math.max(low, Math.min(high, nextQ[b * k + a]));
            bootstrap += share.nextProb(i, a) * q;
          }
        }
        labels.putScalar(b, share.action(i), scale * share.reward(i) + gamma * bootstrap);
      }
      online.fit(new DataSet(input, labels));
    }
    return NetworkState.of(online);
  }

  static long[] batchShape(int[] inputShape, int rows) {
    long[] shape = new long[inputShape.length + 1];
    shape[0] = rows;
    for (int i = 0; i < inputShape.length; i++) {
      shape[i + 1] = inputShape[i];
    }
    return shape;
  }
}
