package io.sparkrl.core.ope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.algo.ObservationBatch;
import io.sparkrl.core.config.ActivationType;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FQE on small MDPs whose Q^π is known in closed form. */
class FittedQEvaluationTest {

  private static final EncoderParams SMALL =
      new EncoderParams(List.of(16), null, null, ActivationType.RELU);

  /** π: always action 0. */
  private static final TargetPolicy ALWAYS_ZERO =
      new TargetPolicy() {
        @Override
        public int actionSize() {
          return 2;
        }

        @Override
        public float[] probabilities(Episode episode) {
          float[] p = new float[episode.length() * 2];
          for (int t = 0; t < episode.length(); t++) {
            p[2 * t] = 1f;
          }
          return p;
        }
      };

  /**
   * Two steps, then the end: state A = [1, 0] gives reward 0 whatever the action and leads to B =
   * [0, 1], where action 0 gives 1 and action 1 gives 0 and the episode terminates. Actions are
   * logged uniformly. Under π = "always 0": Q(B, 0) = 1, Q(B, 1) = 0, Q(A, ·) = γ.
   */
  static List<Episode> chain(int episodes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Episode> out = new ArrayList<>();
    for (int i = 0; i < episodes; i++) {
      int a0 = random.nextInt(2);
      int a1 = random.nextInt(2);
      out.add(
          Episode.ofVectors(
              "e" + i,
              2,
              new float[] {1, 0, 0, 1},
              new int[] {a0, a1},
              new float[] {0f, a1 == 0 ? 1f : 0f},
              new float[] {0.5f, 0.5f},
              EndKind.TERMINAL));
    }
    return out;
  }

  /** One state, reward 1 per step, cut off after 30 rows: Q^π = 1 / (1 − γ) for every action. */
  static List<Episode> endless(int episodes) {
    List<Episode> out = new ArrayList<>();
    for (int i = 0; i < episodes; i++) {
      int n = 30;
      int[] actions = new int[n];
      float[] rewards = new float[n];
      for (int t = 0; t < n; t++) {
        actions[t] = (i + t) % 2;
        rewards[t] = 1f;
      }
      out.add(Episode.ofVectors("e" + i, 1, new float[n], actions, rewards, null, EndKind.TIMEOUT));
    }
    return out;
  }

  static FqeModel fit(List<Episode> episodes, int dims, double gamma, int steps, int workers) {
    return FittedQEvaluation.fitLocally(
        new FqeConfig(steps, 32, 3e-3, 10, 50, 7),
        new ObservationBatch(new int[] {dims}, 1, null),
        SMALL,
        ALWAYS_ZERO,
        episodes,
        gamma,
        workers);
  }

  @Test
  void aTerminatingChainGetsItsClosedFormValues() {
    List<Episode> episodes = chain(200, 1);
    FqeModel model = fit(episodes, 2, 0.9, 1500, 1);
    float[] q = model.open().qValues(episodes.get(0));
    assertThat((double) q[2]).as("Q(B, 0)").isCloseTo(1.0, within(0.05));
    assertThat((double) q[3]).as("Q(B, 1)").isCloseTo(0.0, within(0.05));
    assertThat((double) q[0]).as("Q(A, 0)").isCloseTo(0.9, within(0.05));
    assertThat((double) q[1]).as("Q(A, 1)").isCloseTo(0.9, within(0.05));
  }

  @Test
  void aCutOffEpisodeBootstrapsToTheInfiniteHorizonValue() {
    List<Episode> episodes = endless(20);
    FqeModel model = fit(episodes, 1, 0.8, 2000, 1);
    float[] q = model.open().qValues(episodes.get(0));
    assertThat((double) q[0]).isCloseTo(5.0, within(0.25));
    assertThat((double) q[1]).isCloseTo(5.0, within(0.25));
  }

  @Test
  void twoWorkersAveragingTheirParametersConvergeToTheSameValues() {
    List<Episode> episodes = chain(200, 2);
    float[] q = fit(episodes, 2, 0.9, 1500, 2).open().qValues(episodes.get(0));
    assertThat((double) q[2]).isCloseTo(1.0, within(0.05));
    assertThat((double) q[0]).isCloseTo(0.9, within(0.05));
  }

  @Test
  void theSameSeedGivesTheSameParametersAndTheTargetIntervalMatters() {
    List<Episode> episodes = chain(50, 3);
    assertThat(fit(episodes, 2, 0.9, 120, 2).params())
        .containsExactly(fit(episodes, 2, 0.9, 120, 2).params());

    FqeNetworkSpec spec = new FqeNetworkSpec(new int[] {2}, 2, SMALL, 3e-3, 7);
    ObservationBatch inputs = new ObservationBatch(new int[] {2}, 1, null);
    FqeTransitions share = new FqeTransitions(2, 2);
    episodes.forEach(e -> share.add(e, inputs, ALWAYS_ZERO.probabilities(e)));
    NetworkState start = NetworkState.of(spec.build());
    NetworkState synced = FqeSteps.run(spec, start, 2, share, 10, 8, 0.9, 5, -10, 10);
    NetworkState fixed = FqeSteps.run(spec, start, 10, share, 10, 8, 0.9, 5, -10, 10);
    assertThat(synced.params()).isNotEqualTo(fixed.params());
    assertThat(FqeSteps.run(spec, start, 2, share, 10, 8, 0.9, 5, -10, 10).params())
        .containsExactly(synced.params());
  }

  @Test
  void transitionsKeepTheSuccessorAndItsPolicyAndNoSuccessorAfterATerminal() {
    ObservationBatch inputs = new ObservationBatch(new int[] {2}, 1, null);
    FqeTransitions share = new FqeTransitions(2, 2);
    Episode e = chain(1, 4).get(0);
    share.add(e, inputs, new float[] {0.3f, 0.7f, 0.6f, 0.4f});
    assertThat(share.count()).isEqualTo(2);
    float[] row = new float[2];
    share.copyInput(0, true, row, 0);
    assertThat(row).containsExactly(0f, 1f);
    assertThat(share.nextProb(0, 0)).isEqualTo(0.6f);
    assertThat(share.terminal(0)).isFalse();
    assertThat(share.terminal(1)).isTrue();
    share.copyInput(1, true, row, 0);
    assertThat(row).containsExactly(0f, 0f);

    Episode cut = endless(1).get(0);
    FqeTransitions timeouts = new FqeTransitions(1, 2);
    timeouts.add(cut, new ObservationBatch(new int[] {1}, 1, null), new float[60]);
    assertThat(timeouts.count()).isEqualTo(29);
    assertThat(timeouts.terminal(28)).isFalse();
  }
}
