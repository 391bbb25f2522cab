package io.sparkrl.core.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdvantageWeightsTest {

  @Test
  void normalisesAndWeighsAHandComputedBatch() {
    float[] returns = {3f, 1f, 4f, 2f};
    float[] baselines = {1f, 1f, 1f, 1f};
    // A = {2, 0, 3, 1}: mean 1.5, population variance (0.25 + 2.25 + 2.25 + 0.25) / 4 = 1.25.
    double scale = Math.sqrt(1.25) + 1e-5;
    double[] expected = {0.5 / scale, -1.5 / scale, 1.5 / scale, -0.5 / scale};

    float[] normalized = AdvantageWeights.normalizedAdvantages(returns, baselines);

    for (int i = 0; i < expected.length; i++) {
      assertThat(normalized[i]).isCloseTo((float) expected[i], within(1e-6f));
    }
    float[] weights = AdvantageWeights.weights(normalized, 0.5, 3.0);
    assertThat(weights[0]).isCloseTo((float) Math.exp(expected[0] / 0.5), within(1e-5f));
    assertThat(weights[1]).isCloseTo((float) Math.exp(expected[1] / 0.5), within(1e-6f));
    assertThat(weights[2]).isEqualTo(3f); // exp(2.68) ≈ 14.6, clipped
    assertThat(weights[3]).isCloseTo((float) Math.exp(expected[3] / 0.5), within(1e-6f));
    assertThat(AdvantageWeights.mean(weights))
        .isCloseTo((weights[0] + weights[1] + 3.0 + weights[3]) / 4, within(1e-6));
  }

  @Test
  void matchesATwoPassPopulationStdEvenFarFromZero() {
    Random random = new Random(11);
    int n = 1000;
    float[] returns = new float[n];
    float[] baselines = new float[n];
    for (int i = 0; i < n; i++) {
      returns[i] = 10_000f + (float) (0.1 * random.nextGaussian());
      baselines[i] = (float) random.nextGaussian() * 0.01f;
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += (double) returns[i] - baselines[i];
    }
    mean /= n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double d = (double) returns[i] - baselines[i] - mean;
      squares += d * d;
    }
    double scale = Math.sqrt(squares / n) + AdvantageWeights.STD_EPSILON;

    float[] normalized = AdvantageWeights.normalizedAdvantages(returns, baselines);

    for (int i = 0; i < n; i++) {
      double expected = ((double) returns[i] - baselines[i] - mean) / scale;
      assertThat(normalized[i]).isCloseTo((float) expected, within(1e-5f));
    }
  }

  @Test
  void equalAdvantagesNormaliseToZeroAndWeighOneOrTheCap() {
    float[] returns = {5f, 5f, 5f};
    float[] baselines = {2f, 2f, 2f};
    float[] normalized = AdvantageWeights.normalizedAdvantages(returns, baselines);
    assertThat(normalized).containsExactly(0f, 0f, 0f);
    assertThat(AdvantageWeights.weights(normalized, 0.05, 20.0)).containsExactly(1f, 1f, 1f);
    assertThat(AdvantageWeights.weights(normalized, 0.05, 0.5)).containsExactly(0.5f, 0.5f, 0.5f);
    assertThat(AdvantageWeights.normalizedAdvantages(new float[] {7f}, new float[] {1f}))
        .containsExactly(0f);
  }

  @Test
  void overflowingExponentialsClipToTheMaximumAndNeverGiveNanOrInfinity() {
    float[] normalized = {
      1e30f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, 0f, -1e30f, Float.NEGATIVE_INFINITY
    };
    float[] weights = AdvantageWeights.weights(normalized, 1e-300, 20.0);
    assertThat(weights).containsExactly(20f, 20f, 20f, 1f, 0f, 0f);
    assertThat(AdvantageWeights.weights(new float[] {1000f}, 0.05, Float.MAX_VALUE))
        .containsExactly(Float.MAX_VALUE);
  }

  @Test
  void partitionsNormalisedWithMergedMomentsMatchTheWholeBatch() {
    Random random = new Random(3);
    int n = 257;
    float[] returns = new float[n];
    float[] baselines = new float[n];
    for (int i = 0; i < n; i++) {
      returns[i] = (float) (3 * random.nextGaussian() + 1);
      baselines[i] = (float) random.nextGaussian();
    }
    float[] whole = AdvantageWeights.normalizedAdvantages(returns, baselines);

    int[] cuts = {0, 100, 100, 200, n};
    BatchMoments merged = new BatchMoments();
    for (int p = 0; p + 1 < cuts.length; p++) {
      merged.merge(
          new BatchMoments()
              .add(
                  Arrays.copyOfRange(returns, cuts[p], cuts[p + 1]),
                  Arrays.copyOfRange(baselines, cuts[p], cuts[p + 1])));
    }
    for (int p = 0; p + 1 < cuts.length; p++) {
      float[] part =
          AdvantageWeights.normalize(
              Arrays.copyOfRange(returns, cuts[p], cuts[p + 1]),
              Arrays.copyOfRange(baselines, cuts[p], cuts[p + 1]),
              merged);
      for (int i = 0; i < part.length; i++) {
        assertThat(part[i]).isCloseTo(whole[cuts[p] + i], within(1e-5f));
      }
    }
    BatchMoments single = new BatchMoments().add(returns, baselines);
    assertThat(AdvantageWeights.normalize(returns, baselines, single)).containsExactly(whole);
  }

  @Test
  void rejectsMismatchedEmptyOrNanInput() {
    assertThatThrownBy(() -> AdvantageWeights.normalizedAdvantages(new float[3], new float[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("3 returns but 2 baselines: need one V(s) per return");
    assertThatThrownBy(
            () -> AdvantageWeights.normalize(new float[1], new float[2], new BatchMoments()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 returns but 2 baselines");
    assertThatThrownBy(() -> AdvantageWeights.normalizedAdvantages(new float[0], new float[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(
            () ->
                AdvantageWeights.normalizedAdvantages(
                    new float[] {1f, Float.NaN}, new float[] {0f, 0f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("advantage 1 is NaN, not finite");
    assertThatThrownBy(() -> AdvantageWeights.weights(new float[] {0f, Float.NaN}, 0.05, 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("normalised advantage 1 is NaN");
    assertThatThrownBy(() -> AdvantageWeights.mean(new float[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void rejectsABadTemperatureOrClip() {
    float[] normalized = {0f};
    assertThatThrownBy(() -> AdvantageWeights.weights(normalized, 0.0, 20.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("beta 0.0 must be finite and > 0");
    assertThatThrownBy(() -> AdvantageWeights.weights(normalized, Double.NaN, 20.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beta NaN");
    assertThatThrownBy(() -> AdvantageWeights.weights(normalized, 0.05, -1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max_weight -1.0 must be > 0 and finite as a float");
    assertThatThrownBy(() -> AdvantageWeights.weights(normalized, 0.05, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_weight Infinity");
  }
}
