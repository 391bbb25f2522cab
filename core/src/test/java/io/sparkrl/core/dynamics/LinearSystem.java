package io.sparkrl.core.dynamics;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic linear system for the dynamics tests: two features, two actions, {@code s' = A·s
 * + b_a} and {@code r = s_0 − 0.5·s_1 + 0.2·a}; random starts in [−1, 1]² and random actions.
 */
final class LinearSystem {

  static final int FEATURES = 2;
  static final int ACTIONS = 2;

  private LinearSystem() {}

  static float[] next(float[] s, int a) {
    float bx = a == 0 ? 0.1f : -0.1f;
    float by = a == 0 ? 0f : 0.05f;
    return new float[] {0.9f * s[0] + 0.1f * s[1] + bx, -0.1f * s[0] + 0.9f * s[1] + by};
  }

  static float reward(float[] s, int a) {
    return s[0] - 0.5f * s[1] + 0.2f * a;
  }

  /**
   * {@code count} episodes of {@code rows} rows; every third ends terminal, the others are cut off.
   */
  static List<Episode> episodes(int count, int rows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Episode> out = new ArrayList<>();
    for (int e = 0; e < count; e++) {
      float[] obs = new float[rows * FEATURES];
      int[] actions = new int[rows];
      float[] rewards = new float[rows];
      float[] s = {(float) rng.nextDouble(-1, 1), (float) rng.nextDouble(-1, 1)};
      for (int t = 0; t < rows; t++) {
        System.arraycopy(s, 0, obs, t * FEATURES, FEATURES);
        actions[t] = rng.nextInt(ACTIONS);
        rewards[t] = reward(s, actions[t]);
        s = next(s, actions[t]);
      }
      EndKind end = e % 3 == 0 ? EndKind.TERMINAL : EndKind.TIMEOUT;
      out.add(Episode.ofVectors("lin" + e, FEATURES, obs, actions, rewards, null, end));
    }
    return out;
  }

  /** Small, quick fitting options for the tests. */
  static DynamicsFitOptions quickOptions() {
    return DynamicsFitOptions.DEFAULTS
        .withNEnsembles(3)
        .withHiddenUnits(List.of(32, 32))
        .withBatchSize(50)
        .withLearningRate(3e-3)
        .withNEpochs(15)
        .withSeed(11);
  }
}
