package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.core.config.EncoderParams;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DenseInference} against DL4J's {@code output(x, false)}: the same values up to float
 * rounding (the products run on oneDNN, DL4J's on OpenBLAS), and a row's output the same floats bit
 * for bit whatever batch it is in and whatever batch came before.
 */
class DenseInferenceTest {

  /** A few float roundings of a 256-wide dot product, relative to the output's magnitude. */
  private static final float TOLERANCE = 1e-5f;

  @Test
  void criticOutputsEqualDl4jOutputAcrossRowCounts() {
    MultiLayerNetwork critic =
        AwrNetworks.critic(new int[] {5}, EncoderParams.DEFAULTS, false, 1e-3, 0.9, 21);
    DenseInference inference = new DenseInference(critic);
    SplittableRandom random = new SplittableRandom(4);
    for (int rows : new int[] {4096, 37, 37, 1, 4096}) {
      INDArray x = random(rows, 5, random);
      float[] expected = critic.output(x, false).dup('c').data().asFloat();
      INDArray y = inference.output(x);
      assertThat(y.shape()).containsExactly(rows, 1);
      assertClose(y.dup('c').data().asFloat(), expected);
    }
  }

  @Test
  void outputsDoNotDependOnEarlierLargerBatches() {
    MultiLayerNetwork critic =
        AwrNetworks.critic(new int[] {5}, EncoderParams.DEFAULTS, false, 1e-3, 0.9, 23);
    INDArray small = random(37, 5, new SplittableRandom(6));
    float[] fresh = new DenseInference(critic).output(small).dup('c').data().asFloat();
    DenseInference reused = new DenseInference(critic);
    reused.output(random(4096, 5, new SplittableRandom(7)));
    assertThat(reused.output(small).dup('c').data().asFloat()).containsExactly(fresh);
  }

  @Test
  void aRowsOutputIsTheSameWhateverBatchItIsIn() {
    for (EncoderParams encoder :
        List.of(EncoderParams.DEFAULTS, new EncoderParams(List.of(16, 16), null, null, null))) {
      MultiLayerNetwork critic = AwrNetworks.critic(new int[] {4}, encoder, false, 1e-3, 0.9, 24);
      DenseInference inference = new DenseInference(critic);
      float[] all = random(4096, 4, new SplittableRandom(8)).data().asFloat();
      float[] whole = inference.output(rows(all, 0, 4096)).dup('c').data().asFloat();
      int[][] batches = {{0, 1}, {5, 3}, {100, 15}, {100, 16}, {17, 37}, {1000, 777}, {3, 4093}};
      for (int[] batch : batches) {
        float[] part = inference.output(rows(all, batch[0], batch[1])).dup('c').data().asFloat();
        assertThat(part)
            .as("rows %d to %d", batch[0], batch[0] + batch[1])
            .containsExactly(Arrays.copyOfRange(whole, batch[0], batch[0] + batch[1]));
      }
    }
  }

  private static INDArray rows(float[] all, int from, int count) {
    float[] v = Arrays.copyOfRange(all, from * 4, (from + count) * 4);
    return Nd4j.create(v, new long[] {count, 4}, 'c');
  }

  @Test
  void followsParameterChangesAndDeeperNetworks() {
    EncoderParams deep = new EncoderParams(List.of(16, 8, 4), null, null, null);
    MultiLayerNetwork critic = AwrNetworks.critic(new int[] {3}, deep, false, 1e-3, 0.9, 22);
    DenseInference inference = new DenseInference(critic);
    INDArray x = random(64, 3, new SplittableRandom(5));
    float[] before = inference.output(x).dup('c').data().asFloat();
    critic.params().addi(0.05);
    float[] expected = critic.output(x, false).dup('c').data().asFloat();
    float[] after = inference.output(x).dup('c').data().asFloat();
    assertClose(after, expected);
    assertThat(after).isNotEqualTo(before);
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    float scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("row %d", i).isCloseTo(expected[i], within(TOLERANCE * scale));
    }
  }

  @Test
  void refusesActorsAndBatchNorm() {
    assertThat(
            DenseInference.supports(
                AwrNetworks.actor(new int[] {4}, 2, EncoderParams.DEFAULTS, false, 1e-3, 0.9, 1)))
        .isFalse();
    MultiLayerNetwork batchNorm =
        AwrNetworks.critic(new int[] {4}, EncoderParams.DEFAULTS, true, 1e-3, 0.9, 1);
    assertThat(DenseInference.supports(batchNorm)).isFalse();
    assertThatThrownBy(() -> new DenseInference(batchNorm))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("identity head");
  }

  private static INDArray random(int rows, int columns, SplittableRandom random) {
    float[] v = new float[rows * columns];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextDouble(-2, 2);
    }
    return Nd4j.create(v, new long[] {rows, columns}, 'c').castTo(DataType.FLOAT);
  }
}
