package io.sparkrl.core.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LambdaReturnsTest {

  /** An episode of one-feature vector observations (the returns never read them). */
  static Episode episode(String id, float[] rewards, EndKind end) {
    int n = rewards.length;
    return Episode.ofVectors(id, 1, new float[n], new int[n], rewards, null, end);
  }

  static float[] gaussian(Random random, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  /**
   * The λ-return by its definition, forward: Gλ_t = (1−λ) Σ_{k=0}^{K−2} λ^k G^{(k)}_t + λ^{K−1}
   * G^{(K−1)}_t, K the transitions from t to the end, G^{(k)} the (k+1)-step return that bootstraps
   * with V of its last transition's successor, or not at all at a terminal row.
   */
  static double forwardLambdaReturn(
      float[] rewards, float[] values, EndKind end, double gamma, double lambda, int t) {
    int n = rewards.length;
    int transitions = end == EndKind.TERMINAL ? n : n - 1;
    int horizon = transitions - t;
    double sum = 0.0;
    double partial = 0.0;
    for (int k = 0; k < horizon; k++) {
      int last = t + k;
      partial += Math.pow(gamma, k) * rewards[last];
      boolean terminal = end == EndKind.TERMINAL && last == n - 1;
      double bootstrap = terminal ? 0.0 : values[last + 1];
      double nStep = partial + Math.pow(gamma, k + 1) * bootstrap;
      double weight =
          k < horizon - 1 ? (1 - lambda) * Math.pow(lambda, k) : Math.pow(lambda, horizon - 1);
      sum += weight * nStep;
    }
    return sum;
  }

  static void assertReturns(float[] actual, double[] expected) {
    assertThat(actual).hasSize(expected.length);
    for (int t = 0; t < expected.length; t++) {
      float tolerance = (float) (2e-6 * Math.max(1.0, Math.abs(expected[t])));
      assertThat(actual[t]).as("G_%d", t).isCloseTo((float) expected[t], within(tolerance));
    }
  }

  @ParameterizedTest(name = "gamma={0}, lambda={1}, {2}")
  @CsvSource({
    "0.99, 0.95, TERMINAL",
    "0.99, 0.95, TIMEOUT",
    "0.9, 0.5, TERMINAL",
    "0.9, 0.5, TIMEOUT",
    "1.0, 0.7, TERMINAL",
    "1.0, 0.7, TIMEOUT",
    "0.5, 1.0, TIMEOUT",
    "0.0, 0.3, TERMINAL",
    "0.8, 0.0, TIMEOUT"
  })
  void backwardRecursionEqualsForwardLambdaSum(double gamma, double lambda, EndKind end) {
    Random random = new Random(Double.hashCode(gamma) * 31L + Double.hashCode(lambda));
    for (int trial = 0; trial < 25; trial++) {
      int n = 1 + random.nextInt(40);
      float[] rewards = gaussian(random, n);
      float[] values = gaussian(random, n);
      Episode episode = episode("ep" + trial, rewards, end);
      double[] expected = new double[episode.transitionCount()];
      for (int t = 0; t < expected.length; t++) {
        expected[t] = forwardLambdaReturn(rewards, values, end, gamma, lambda, t);
      }
      assertReturns(LambdaReturns.compute(episode, values, gamma, lambda), expected);
    }
  }

  @Test
  void lambdaZeroIsTheOneStepTdTarget() {
    float[] rewards = {1f, -2f, 0.5f, 3f};
    float[] values = {0.3f, -0.7f, 2f, 4f};
    double gamma = 0.9;
    double[] terminal = {1 + gamma * -0.7, -2 + gamma * 2, 0.5 + gamma * 4, 3};
    assertReturns(
        LambdaReturns.compute(episode("t", rewards, EndKind.TERMINAL), values, gamma, 0.0),
        terminal);
    double[] timeout = {1 + gamma * -0.7, -2 + gamma * 2, 0.5 + gamma * 4};
    assertReturns(
        LambdaReturns.compute(episode("c", rewards, EndKind.TIMEOUT), values, gamma, 0.0), timeout);
  }

  @Test
  void lambdaOneIsTheMonteCarloReturn() {
    float[] rewards = {1f, -2f, 0.5f, 3f};
    float[] values = {0.3f, -0.7f, 2f, 4f};
    double g = 0.9;
    double[] terminal = {
      1 - 2 * g + 0.5 * g * g + 3 * g * g * g, -2 + 0.5 * g + 3 * g * g, 0.5 + 3 * g, 3
    };
    assertReturns(
        LambdaReturns.compute(episode("t", rewards, EndKind.TERMINAL), values, g, 1.0), terminal);
    // Cut off after row 2: the discounted rewards plus γ^k · V(s_T), s_T = row 3.
    double[] timeout = {
      1 - 2 * g + 0.5 * g * g + g * g * g * 4, -2 + 0.5 * g + g * g * 4, 0.5 + g * 4
    };
    assertReturns(
        LambdaReturns.compute(episode("c", rewards, EndKind.TIMEOUT), values, g, 1.0), timeout);
  }

  /**
   * A d3rlpy MDPDataset episode (observations o_0..o_T, rewards[i] arriving with o_i, terminal at
   * o_T) imported as D3rlpyHdf5Importer does: row t = (o_t, rewards[t+1]) for t = 0..T−1, terminal
   * on row T−1, o_T not a row. The result must equal d3rlpy v0.23's recursion (docs/design.md
   * §1.4).
   */
  @Test
  void matchesD3rlpyOnAnImportedEpisode() {
    Random random = new Random(23);
    double gamma = 0.99;
    double lambda = 0.95;
    for (int trial = 0; trial < 20; trial++) {
      int observations = 2 + random.nextInt(30);
      int transitions = observations - 1;
      float[] d3Rewards = gaussian(random, observations);
      float[] d3Values = gaussian(random, observations);

      double[] d3rlpy = new double[transitions];
      d3rlpy[transitions - 1] = d3Rewards[transitions];
      for (int t = transitions - 2; t >= 0; t--) {
        d3rlpy[t] =
            d3Rewards[t + 1] + gamma * ((1 - lambda) * d3Values[t + 1] + lambda * d3rlpy[t + 1]);
      }

      float[] rowRewards = Arrays.copyOfRange(d3Rewards, 1, observations);
      float[] rowValues = Arrays.copyOf(d3Values, transitions);
      Episode imported = episode("d3-" + trial, rowRewards, EndKind.TERMINAL);
      assertReturns(LambdaReturns.compute(imported, rowValues, gamma, lambda), d3rlpy);
    }
  }

  @Test
  void singleRowTerminalEpisodeReturnsItsReward() {
    Episode one = episode("one", new float[] {2.5f}, EndKind.TERMINAL);
    assertThat(LambdaReturns.compute(one, new float[] {100f}, 0.99, 0.95)).containsExactly(2.5f);
  }

  @Test
  void singleRowCutOffEpisodeHasNoReturns() {
    Episode one = episode("one", new float[] {2.5f}, EndKind.TIMEOUT);
    assertThat(LambdaReturns.compute(one, new float[] {100f}, 0.99, 0.95)).isEmpty();
  }

  @Test
  void writesIntoABatchAtAnOffsetAndLeavesTheRestAlone() {
    float[] rewards = {1f, 2f, 3f};
    float[] values = {0.5f, 0.25f, 0.125f};
    Episode episode = episode("e", rewards, EndKind.TIMEOUT);
    float[] batch = new float[6];
    Arrays.fill(batch, -9f);

    int written = LambdaReturns.compute(episode, values, 0.9, 0.5, batch, 3);

    assertThat(written).isEqualTo(2);
    float[] alone = LambdaReturns.compute(episode, values, 0.9, 0.5);
    assertThat(batch).containsExactly(-9f, -9f, -9f, alone[0], alone[1], -9f);
  }

  @Test
  void rawArraysGiveTheSameReturnsAsTheEpisode() {
    Random random = new Random(5);
    float[] rewards = gaussian(random, 12);
    float[] values = gaussian(random, 12);
    for (EndKind end : EndKind.values()) {
      assertThat(LambdaReturns.compute(rewards, values, end == EndKind.TERMINAL, 0.97, 0.8))
          .containsExactly(LambdaReturns.compute(episode("e", rewards, end), values, 0.97, 0.8));
    }
    assertThat(LambdaReturns.transitionCount(12, true)).isEqualTo(12);
    assertThat(LambdaReturns.transitionCount(12, false)).isEqualTo(11);
  }

  @Test
  void rejectsValuesThatDoNotMatchTheRowsNamingTheEpisode() {
    Episode episode = episode("ep-17", new float[] {1f, 2f, 3f}, EndKind.TERMINAL);
    assertThatThrownBy(() -> LambdaReturns.compute(episode, new float[2], 0.99, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("episode ep-17: 2 values for 3 rows (need one V(s_t) per row)");
    assertThatThrownBy(() -> LambdaReturns.compute(new float[3], new float[4], true, 0.9, 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 values for 3 rows");
    assertThatThrownBy(() -> LambdaReturns.compute(new float[0], new float[0], true, 0.9, 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no rows");
  }

  @Test
  void rejectsAnOutputThatIsTooShortOrABadOffset() {
    Episode episode = episode("ep-3", new float[] {1f, 2f, 3f}, EndKind.TERMINAL);
    float[] values = new float[3];
    assertThatThrownBy(() -> LambdaReturns.compute(episode, values, 0.9, 0.9, new float[4], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("episode ep-3: 3 returns do not fit at offset 2 of an array of length 4");
    assertThatThrownBy(() -> LambdaReturns.compute(episode, values, 0.9, 0.9, new float[4], -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset -1");
  }

  @Test
  void rejectsGammaOrLambdaOutsideTheUnitInterval() {
    Episode episode = episode("ep-4", new float[] {1f, 2f}, EndKind.TERMINAL);
    float[] values = new float[2];
    assertThatThrownBy(() -> LambdaReturns.compute(episode, values, 1.5, 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("episode ep-4: gamma 1.5 is outside [0, 1]");
    assertThatThrownBy(() -> LambdaReturns.compute(episode, values, 0.9, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("episode ep-4: lam NaN is outside [0, 1]");
  }
}
