package io.sparkrl.core.dynamics;

import io.sparkrl.datasets.Episode;
import java.util.Arrays;
import java.util.List;

/**
 * The transitions a dynamics model learns from, as flat arrays: every row t of an episode that has
 * a successor row t+1 (docs/design.md §2), i.e. {@code length − 1} per episode whether it ended
 * terminal or cut off. A terminal episode's last row has no successor state and is left out; a
 * cut-off episode's last row appears only as the successor s_{t+1} of the row before it.
 *
 * @param observationSize values per (vector) observation
 * @param observations s_t, {@code size × observationSize} values, row-major
 * @param actions a_t
 * @param nextObservations s_{t+1}, like {@code observations}
 * @param rewards r_t, the reward for taking a_t in s_t
 */
record DynamicsTransitions(
    int observationSize,
    float[] observations,
    int[] actions,
    float[] nextObservations,
    float[] rewards) {

  DynamicsTransitions {
    int n = actions.length;
    if (rewards.length != n
        || observations.length != n * observationSize
        || nextObservations.length != n * observationSize) {
      throw new IllegalArgumentException(
          "dynamics transitions: array lengths disagree for " + n + " transitions");
    }
  }

  /** Number of transitions. */
  int size() {
    return actions.length;
  }

  /** Largest action + 1. */
  int actionCount() {
    return Arrays.stream(actions).max().orElse(0) + 1;
  }

  /**
   * Gathers the transitions of {@code episodes}.
   *
   * @throws IllegalArgumentException if there are none, an episode has image observations or the
   *     observation sizes differ (the message names the episode)
   */
  static DynamicsTransitions of(List<Episode> episodes) {
    if (episodes == null || episodes.isEmpty()) {
      throw new IllegalArgumentException("dynamics: no episodes to fit on");
    }
    int d = -1;
    int n = 0;
    for (Episode e : episodes) {
      requireVectors(e);
      if (d < 0) {
        d = e.shape().size();
      } else if (e.shape().size() != d) {
        throw new IllegalArgumentException(
            "dynamics: episode "
                + e.id()
                + " has "
                + e.shape().size()
                + " observation features, the first episode "
                + d);
      }
      n += e.length() - 1;
    }
    if (n == 0) {
      throw new IllegalArgumentException(
          "dynamics: no transitions with a successor state (every episode has one row)");
    }
    float[] obs = new float[n * d];
    float[] next = new float[n * d];
    int[] actions = new int[n];
    float[] rewards = new float[n];
    int i = 0;
    for (Episode e : episodes) {
      float[] data = e.vectorData();
      for (int t = 0; t + 1 < e.length(); t++, i++) {
        System.arraycopy(data, t * d, obs, i * d, d);
        System.arraycopy(data, (t + 1) * d, next, i * d, d);
        actions[i] = e.action(t);
        rewards[i] = e.reward(t);
      }
    }
    return new DynamicsTransitions(d, obs, actions, next, rewards);
  }

  /**
   * Refuses image observations: the ensemble models vector observations only.
   *
   * @throws IllegalArgumentException naming the episode and its shape
   */
  static void requireVectors(Episode e) {
    if (e.shape().isImage()) {
      throw new IllegalArgumentException(
          "dynamics: episode "
              + e.id()
              + " has image observations "
              + e.shape()
              + "; the probabilistic ensemble models vector observations only");
    }
  }
}
