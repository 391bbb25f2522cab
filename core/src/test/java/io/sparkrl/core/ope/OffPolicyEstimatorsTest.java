package io.sparkrl.core.ope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The estimators on three tiny episodes with values worked out by hand (γ = 0.5, two actions):
 *
 * <pre>
 * A terminal: a = 0, 1; r = 1, 2; μ = 0.5, 0.25; π(a_t) = 0.8, 0.5 → ρ = 1.6, 2;   w = 1.6, 3.2
 * B timeout:  a = 1, 1; r = 4, 0; μ = 0.5, 0.5;  π(a_t) = 0.2, 0.5 → ρ = 0.4, 1;   w = 0.4, 0.4
 * C terminal: a = 0;    r = 3;    μ = 1;         π(a_t) = 0.8      → ρ = 0.8;      w = 0.8
 * </pre>
 */
class OffPolicyEstimatorsTest {

  private static final double GAMMA = 0.5;
  private static final double EPS = 1e-9;
  // π(·|s) of every row: (0.8, 0.2) at the first row, (0.5, 0.5) after
  private static final float[] FIRST = {0.8f, 0.2f};
  private static final float[] LATER = {0.5f, 0.5f};

  static Episode episode(String id, int[] actions, float[] rewards, float[] mu, EndKind end) {
    return Episode.ofVectors(id, 1, new float[actions.length], actions, rewards, mu, end);
  }

  static final Episode A =
      episode(
          "a", new int[] {0, 1}, new float[] {1, 2}, new float[] {0.5f, 0.25f}, EndKind.TERMINAL);
  static final Episode B =
      episode(
          "b",
          new int[] {1, 1, 0},
          new float[] {4, 0, 0},
          new float[] {0.5f, 0.5f, 0.5f},
          EndKind.TIMEOUT);
  static final Episode C =
      episode("c", new int[] {0}, new float[] {3}, new float[] {1f}, EndKind.TERMINAL);

  static float[] target(Episode e) {
    float[] out = new float[e.length() * 2];
    for (int t = 0; t < e.length(); t++) {
      System.arraycopy(t == 0 ? FIRST : LATER, 0, out, 2 * t, 2);
    }
    return out;
  }

  static List<EpisodeSummary> summaries() {
    return List.of(
        EpisodeSummaries.summarise(A, target(A), null, GAMMA, true),
        EpisodeSummaries.summarise(B, target(B), null, GAMMA, true),
        EpisodeSummaries.summarise(C, target(C), null, GAMMA, true));
  }

  @Test
  void weightsAndDiscountedRewardsAreTheHandValues() {
    EpisodeSummary a = summaries().get(0);
    assertThat(a.weights()).containsExactly(new double[] {1.6, 3.2}, within(1e-6));
    assertThat(a.discountedRewards()).containsExactly(1.0, 1.0);
    // B's cut-off last row is a state, not a transition
    assertThat(summaries().get(1).length()).isEqualTo(2);
  }

  @Test
  void trajectoryAndPerDecisionImportanceSampling() {
    List<EpisodeSummary> s = summaries();
    // IS: w_final * G per episode: 3.2 * 2, 0.4 * 4, 0.8 * 3
    assertThat(Estimator.IS.estimate(s)).isCloseTo((6.4 + 1.6 + 2.4) / 3, within(1e-6));
    // PDIS: Σ_t w_t γ^t r_t: 1.6 + 3.2 * 0.5 * 2, 0.4 * 4, 0.8 * 3
    assertThat(Estimator.PDIS.estimate(s)).isCloseTo((4.8 + 1.6 + 2.4) / 3, within(1e-6));
  }

  @Test
  void weightedEstimatorsNormaliseAndKeepEndedEpisodesLastWeight() {
    List<EpisodeSummary> s = summaries();
    assertThat(Estimator.WIS.estimate(s))
        .isCloseTo((3.2 * 2 + 0.4 * 4 + 0.8 * 3) / (3.2 + 0.4 + 0.8), within(1e-6));
    // step 0: (1.6·1 + 0.4·4 + 0.8·3) / 2.8; step 1: (3.2·1 + 0.4·0) / (3.2 + 0.4 + 0.8 frozen C)
    double step0 = (1.6 + 1.6 + 2.4) / (1.6 + 0.4 + 0.8);
    double step1 = 3.2 / (3.2 + 0.4 + 0.8);
    assertThat(Estimator.WPDIS.estimate(s)).isCloseTo(step0 + step1, within(1e-6));
  }

  @Test
  void directMethodAndDoublyRobustFromQ() {
    float[] q = {1, 2, 3, 0}; // Q(s_0, ·) = (1, 2), Q(s_1, ·) = (3, 0)
    EpisodeSummary a = EpisodeSummaries.summarise(A, target(A), q, GAMMA, true);
    double v0 = 0.8 * 1 + 0.2 * 2;
    double v1 = 0.5 * 3 + 0.5 * 0;
    assertThat(a.directValue()).isCloseTo(v0, within(1e-6));
    // the non-recursive form Σ_t γ^t (w_t r_t − w_t Q(s_t, a_t) + w_{t−1} V(s_t)), w_{−1} = 1
    double dr = (1.6 * 1 - 1.6 * 1 + 1 * v0) + GAMMA * (3.2 * 2 - 3.2 * 0 + 1.6 * v1);
    assertThat(a.doublyRobust()).isCloseTo(dr, within(1e-6));
    assertThat(Estimator.DR.estimate(List.of(a))).isCloseTo(dr, within(1e-6));
    assertThat(Estimator.DM.estimate(List.of(a))).isCloseTo(v0, within(1e-6));
    assertThat(Estimator.FQE.estimate(List.of(a))).isEqualTo(Estimator.DM.estimate(List.of(a)));
  }

  @Test
  void countsWeightEpisodesAsRepeats() {
    List<EpisodeSummary> s = summaries();
    List<EpisodeSummary> repeated = List.of(s.get(0), s.get(0), s.get(2));
    assertThat(Estimator.WIS.estimate(s, new int[] {2, 0, 1}))
        .isCloseTo(Estimator.WIS.estimate(repeated), within(EPS));
    assertThat(Estimator.WPDIS.estimate(s, new int[] {2, 0, 1}))
        .isCloseTo(Estimator.WPDIS.estimate(repeated), within(EPS));
  }

  @Test
  void deterministicTargetGivesZeroOrInverseWeightsAndWeightedNaNWhenAllZero() {
    float[] greedy = ModelTargetPolicy.greedy(target(A), 2); // action 0 at row 0, 0 at row 1
    EpisodeSummary a = EpisodeSummaries.summarise(A, greedy, null, GAMMA, true);
    assertThat(a.weights()).containsExactly(2.0, 0.0);
    EpisodeSummary b =
        EpisodeSummaries.summarise(B, ModelTargetPolicy.greedy(target(B), 2), null, GAMMA, true);
    // A ends with weight 0, B takes action 1 at row 0 where greedy takes 0: all final weights 0
    assertThat(Estimator.WIS.estimate(List.of(a, b))).isNaN();
  }

  @Test
  void refusesMissingZeroAndAboveOneProbabilities() {
    Episode none = episode("n", new int[] {0}, new float[] {1}, null, EndKind.TERMINAL);
    assertThatThrownBy(() -> EpisodeSummaries.summarise(none, target(none), null, GAMMA, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("episode n")
        .hasMessageContaining("action_prob is missing");
    Episode zero =
        episode(
            "z", new int[] {0, 1}, new float[] {1, 1}, new float[] {0.5f, 0f}, EndKind.TERMINAL);
    assertThatThrownBy(() -> EpisodeSummaries.summarise(zero, target(zero), null, GAMMA, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("episode z, step 1: column action_prob is 0.0, outside (0, 1]");
    Episode big =
        episode("g", new int[] {0}, new float[] {1}, new float[] {1.5f}, EndKind.TERMINAL);
    assertThatThrownBy(() -> EpisodeSummaries.summarise(big, target(big), null, GAMMA, true))
        .hasMessageContaining("step 0: column action_prob is 1.5");
    // FQE alone does not need the column
    assertThat(EpisodeSummaries.summarise(none, target(none), null, GAMMA, false).hasWeights())
        .isFalse();
  }

  @Test
  void parsesEstimatorListsAndRefusesUnknownNames() {
    assertThat(Estimator.parseList("fqe,wis,pdis,dr,dm"))
        .containsExactly(Estimator.FQE, Estimator.WIS, Estimator.PDIS, Estimator.DR, Estimator.DM);
    assertThatThrownBy(() -> Estimator.parseList("wis,magic"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown estimator 'magic'");
    assertThatThrownBy(() -> Estimator.parseList("wis,wis")).hasMessageContaining("twice");
  }

  @Test
  void accumulatorMergesAndSurvivesJavaSerialisation() throws Exception {
    List<EpisodeSummary> s = summaries();
    OpeAccumulator left = new OpeAccumulator().add(s.get(2)).add(s.get(0));
    OpeAccumulator right = new OpeAccumulator().add(s.get(1));
    OpeAccumulator merged = roundTrip(left).merge(roundTrip(right));
    assertThat(merged.episodes()).isEqualTo(3);
    assertThat(merged.transitions()).isEqualTo(5);
    assertThat(merged.summaries()).containsExactlyElementsOf(s);
  }

  static OpeAccumulator roundTrip(OpeAccumulator acc) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(acc);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (OpeAccumulator) in.readObject();
    }
  }
}
