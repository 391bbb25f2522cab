package io.sparkrl.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.returns.LambdaReturns;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** generate: n·horizon chained one-step cut-off episodes with the policy's actions. */
class ModelRolloutsTest {

  static final int N = 7;
  static final int HORIZON = 3;
  static final ToIntFunction<float[]> RULE = s -> s[0] > 0 ? 1 : 0;

  static List<Episode> episodes;
  static ProbabilisticEnsembleDynamics model;
  static List<Episode> generated;

  @BeforeAll
  static void generate() {
    episodes = LinearSystem.episodes(10, 12, 5);
    model = ProbabilisticEnsembleDynamics.fit(episodes, LinearSystem.quickOptions().withNEpochs(2));
    generated =
        model.generate(new RulePolicy(2, 2, RULE), episodes, N, HORIZON, new SplittableRandom(3));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void givesNTimesHorizonOneStepCutOffEpisodes() {
    assertThat(generated).hasSize(N * HORIZON);
    for (Episode e : generated) {
      assertThat(e.length()).isEqualTo(2);
      assertThat(e.end()).isEqualTo(EndKind.TIMEOUT);
      assertThat(e.transitionCount()).isEqualTo(1);
      assertThat(e.isTimeout(0)).isTrue();
      assertThat(e.isTerminal(0)).isFalse();
      assertThat(e.shape().dims()).containsExactly(2);
    }
  }

  @Test
  void startsFromRealObservations() {
    Set<List<Float>> real = new HashSet<>();
    for (Episode e : episodes) {
      for (int t = 0; t < e.transitionCount(); t++) {
        real.add(List.of(e.observation(t, 0), e.observation(t, 1)));
      }
    }
    for (int i = 0; i < N; i++) {
      Episode first = generated.get(i);
      assertThat(real).contains(List.of(first.observation(0, 0), first.observation(0, 1)));
    }
  }

  @Test
  void eachStepStartsFromThePreviousPrediction() {
    for (int h = 1; h < HORIZON; h++) {
      for (int i = 0; i < N; i++) {
        Episode previous = generated.get((h - 1) * N + i);
        Episode step = generated.get(h * N + i);
        assertThat(step.observation(0)).isEqualTo(previous.observation(1));
        assertThat(step.action(0)).isEqualTo(previous.action(1));
      }
    }
  }

  @Test
  void actionsComeFromThePolicy() {
    for (Episode e : generated) {
      assertThat(e.action(0)).isEqualTo(RULE.applyAsInt(e.observation(0)));
      assertThat(e.action(1)).isEqualTo(RULE.applyAsInt(e.observation(1)));
    }
  }

  @Test
  void theReturnOfAGeneratedTransitionIsTheOneStepTarget() {
    double gamma = 0.99;
    for (double lambda : new double[] {0.0, 0.95, 1.0}) {
      for (Episode e : generated) {
        float[] values = {FakeValues.sum(e.observation(0)), FakeValues.sum(e.observation(1))};
        float[] returns = LambdaReturns.compute(e, values, gamma, lambda);
        assertThat(returns).hasSize(1);
        assertThat((double) returns[0])
            .isCloseTo(e.reward(0) + gamma * values[1], org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }

  @Test
  void aPolicyWithMoreActionsThanTheModelIsRefused() {
    assertThatThrownBy(
            () ->
                model.generate(
                    new RulePolicy(2, 3, RULE), episodes, N, HORIZON, new SplittableRandom(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dynamics")
        .hasMessageContaining("3");
  }

  /** V(s) = Σ s, independent of any network. */
  private static final class FakeValues {
    static float sum(float[] s) {
      float total = 0;
      for (float v : s) {
        total += v;
      }
      return total;
    }
  }
}
