package io.sparkrl.core.algo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A correctness check of the actor loss: the best action depends on the state. x ~ U(−1, 1); action
 * 1 pays 1 when x &gt; 0, action 0 pays 1 when x ≤ 0; the behaviour policy is uniform; every
 * episode is one terminal step, so G = r. d3rlpy v0.23's cross-row log-likelihood sum learns a
 * state-independent policy (≈ 50 % here, docs/design.md §1.10); the per-row log-likelihood must
 * learn the rule.
 */
class AwrLearnerLearningTest {

  private static final int TRANSITIONS = 2048;

  @Test
  void greedyPolicyLearnsAStateDependentRule() {
    SplittableRandom data = new SplittableRandom(11);
    List<Episode> episodes = new ArrayList<>();
    for (int i = 0; i < TRANSITIONS; i++) {
      float x = (float) (data.nextDouble() * 2 - 1);
      int a = data.nextInt(2);
      float r = (a == 1) == (x > 0) ? 1f : 0f;
      episodes.add(
          Episode.ofVectors(
              Integer.toString(i),
              1,
              new float[] {x},
              new int[] {a},
              new float[] {r},
              null,
              EndKind.TERMINAL));
    }
    AwrConfig config =
        AwrConfig.builder()
            .encoderParams(new EncoderParams(List.of(32, 32), null, null, null))
            .batchSize(256)
            .batchSizePerUpdate(64)
            .nCriticUpdates(8)
            .nActorUpdates(16)
            .actorLearningRate(1e-3)
            .criticLearningRate(1e-3)
            .build();
    AwrLearner learner = new AwrLearner(config, new int[] {1}, 2, null, 0);
    TransitionIndex index = new TransitionIndex(episodes);
    SplittableRandom shuffle = new SplittableRandom(1);
    int actorSteps = 0;
    for (int epoch = 0; epoch < 3; epoch++) {
      int[] perm = index.permutation(shuffle);
      for (int itr = 0; itr < index.batchCount(config.batchSize()); itr++) {
        learner.update(episodes, index.batch(perm, itr, config.batchSize()));
        actorSteps += config.nActorUpdates();
      }
    }
    assertThat(actorSteps).isEqualTo(384);

    int grid = 1000;
    float[] xs = new float[grid];
    for (int i = 0; i < grid; i++) {
      xs[i] = -1f + (2f * i + 1f) / grid;
    }
    int[] greedy = learner.predict(xs, grid);
    int correct = 0;
    for (int i = 0; i < grid; i++) {
      if (greedy[i] == (xs[i] > 0 ? 1 : 0)) {
        correct++;
      }
    }
    assertThat(correct / (double) grid).isGreaterThanOrEqualTo(0.85);
  }
}
