package io.sparkrl.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatasetScorersTest {

  private static final double TOLERANCE = 1e-9;

  // V(s) = s, gamma 0.5. Terminal episode: observations 1, 2, 3, rewards 1, 0, 2.
  private static final Episode TERMINAL =
      Episode.ofVectors(
          "a",
          1,
          new float[] {1, 2, 3},
          new int[] {0, 1, 1},
          new float[] {1, 0, 2},
          null,
          EndKind.TERMINAL);

  // Cut off: observations 4, 5, 6; the last row (reward 7) is only the bootstrap state.
  private static final Episode TIMEOUT =
      Episode.ofVectors(
          "b",
          1,
          new float[] {4, 5, 6},
          new int[] {1, 0, 0},
          new float[] {1, 1, 7},
          null,
          EndKind.TIMEOUT);

  // One cut-off row: no transitions.
  private static final Episode EMPTY =
      Episode.ofVectors(
          "c", 1, new float[] {100}, new int[] {0}, new float[] {0}, null, EndKind.TIMEOUT);

  private static FakePolicyModel vectorModel() {
    return new FakePolicyModel(new int[] {1}, 1, 2, 0.5, row -> row[0] >= 2.5f ? 1 : 0);
  }

  @Test
  void tdErrorMasksTerminalAndBootstrapsTimeout() {
    // a: (1 − (1 + .5·2))² = 1, (2 − (0 + .5·3))² = .25, (3 − 2)² = 1 (terminal: no successor)
    // b: (4 − (1 + .5·5))² = .25, (5 − (1 + .5·6))² = 1 (cut off: bootstraps from row 2)
    double score = new TdErrorScorer().score(vectorModel(), List.of(TERMINAL, TIMEOUT, EMPTY));
    assertThat(score).isCloseTo(3.5 / 5, within(TOLERANCE));
  }

  @Test
  void averageValueCountsTransitionsOnly() {
    double score = new AverageValueScorer().score(vectorModel(), List.of(TERMINAL, TIMEOUT, EMPTY));
    assertThat(score).isCloseTo((1 + 2 + 3 + 4 + 5) / 5.0, within(TOLERANCE));
  }

  @Test
  void initialStateValueAveragesFirstStates() {
    double score =
        new InitialStateValueScorer().score(vectorModel(), List.of(TERMINAL, TIMEOUT, EMPTY));
    assertThat(score).isCloseTo((1 + 4) / 2.0, within(TOLERANCE));
  }

  @Test
  void actionMatchIsFractionOfTransitions() {
    // predicted 0, 0, 1 vs 0, 1, 1 and 1, 1 vs 1, 0: 3 of 5
    double score =
        new DiscreteActionMatchScorer().score(vectorModel(), List.of(TERMINAL, TIMEOUT, EMPTY));
    assertThat(score).isCloseTo(0.6, within(TOLERANCE));
  }

  @Test
  void imagesAreStackedForCurrentAndNextStates() {
    Episode images =
        Episode.ofImages(
            "img",
            ObservationShape.image(1, 1, 2),
            new byte[] {1, 2, 3, 4, 5, 6},
            new int[] {0, 0, 0},
            new float[] {0, 0, 1},
            null,
            EndKind.TERMINAL);
    FakePolicyModel model = new FakePolicyModel(new int[] {1, 1, 2}, 2, 2, 1.0, row -> 0);

    double score = new TdErrorScorer().score(model, List.of(images));

    assertThat(model.valueInputs)
        .containsExactly(
            new float[] {0, 0, 1, 2},
            new float[] {1, 2, 3, 4},
            new float[] {3, 4, 5, 6},
            new float[] {1, 2, 3, 4},
            new float[] {3, 4, 5, 6},
            new float[] {5, 6, 0, 0});
    // V = 3, 10, 18; targets 0 + 10, 0 + 18, 1 (terminal)
    assertThat(score).isCloseTo((49 + 64 + 289) / 3.0, within(TOLERANCE));

    FakePolicyModel initial = new FakePolicyModel(new int[] {1, 1, 2}, 2, 2, 1.0, row -> 0);
    new InitialStateValueScorer().score(initial, List.of(images));
    assertThat(initial.valueInputs).containsExactly(new float[] {0, 0, 1, 2});
  }

  @Test
  void longEpisodesAreScoredInWindowsOf1024() {
    int n = 2500;
    SplittableRandom random = new SplittableRandom(7);
    float[] obs = new float[n];
    float[] rewards = new float[n];
    for (int t = 0; t < n; t++) {
      obs[t] = (float) random.nextDouble();
      rewards[t] = (float) random.nextDouble();
    }
    Episode episode =
        Episode.ofVectors("long", 1, obs, new int[n], rewards, null, EndKind.TERMINAL);
    FakePolicyModel model = vectorModel();

    double score = new TdErrorScorer().score(model, List.of(episode));

    double expected = 0;
    for (int t = 0; t < n; t++) {
      double target = rewards[t] + (t == n - 1 ? 0 : 0.5 * obs[t + 1]);
      expected += (obs[t] - target) * (obs[t] - target);
    }
    assertThat(score).isCloseTo(expected / n, within(1e-6));
    assertThat(model.valueCallRows).containsExactly(1024, 1024, 1024, 1024, 452, 452);
  }

  @Test
  void rejectsShapeMismatchAndNoTransitions() {
    FakePolicyModel wide = new FakePolicyModel(new int[] {2}, 1, 2, 0.5, row -> 0);
    assertThatThrownBy(() -> new AverageValueScorer().score(wide, List.of(TERMINAL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("episode a")
        .hasMessageContaining("[2]");
    assertThatThrownBy(() -> new TdErrorScorer().score(vectorModel(), List.of(EMPTY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TdErrorScorer.NAME);
    assertThatThrownBy(() -> new InitialStateValueScorer().score(vectorModel(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void byNameBuildsEachDatasetScorer() {
    assertThat(Scorers.byName("td_error")).isInstanceOf(TdErrorScorer.class);
    assertThat(Scorers.byName("average_value_estimation")).isInstanceOf(AverageValueScorer.class);
    assertThat(Scorers.byName("initial_state_value_estimation"))
        .isInstanceOf(InitialStateValueScorer.class);
    assertThat(Scorers.byName("discrete_action_match"))
        .isInstanceOf(DiscreteActionMatchScorer.class);
    for (String name : Scorers.NAMES) {
      assertThat(Scorers.byName(name).toString()).isEqualTo(name);
    }
    assertThatThrownBy(() -> Scorers.byName("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("td_error");
    assertThatThrownBy(() -> Scorers.byName(EnvironmentScorer.NAME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EnvironmentScorer");
  }
}
