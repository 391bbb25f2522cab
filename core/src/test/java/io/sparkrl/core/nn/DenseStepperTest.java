package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.sparkrl.core.config.ActivationType;
import io.sparkrl.core.config.ConvFilter;
import io.sparkrl.core.config.EncoderParams;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DenseStepper} against DL4J's {@code fit}: from the same parameters and momentum state, the
 * same mini-batches (of changing sizes) give the same scores, parameters, momentum buffers and
 * iteration counts, up to float rounding: the stepper's products and sums run in other orders (row-
 * major products straight on OpenBLAS, the momentum folded into them).
 */
class DenseStepperTest {

  private static final double RELATIVE = 1e-5;
  private static final int INPUTS = 4;
  private static final int ACTIONS = 3;
  private static final EncoderParams SMALL = new EncoderParams(List.of(32, 16), null, null, null);
  private static final int[] ROWS = {64, 7, 64, 1, 33};

  @Test
  void criticStepsEqualFitFromFreshAndFromNonzeroMomentum() {
    MultiLayerNetwork fit = AwrNetworks.critic(new int[] {INPUTS}, SMALL, false, 0.01, 0.9, 11);
    assertSameSteps(fit, false, new SplittableRandom(1));
    // the state after those steps has nonzero momentum: continue from it
    assertSameSteps(fit, false, new SplittableRandom(2));
  }

  @Test
  void actorStepsEqualFitFromFreshAndFromNonzeroMomentum() {
    MultiLayerNetwork fit =
        AwrNetworks.actor(new int[] {INPUTS}, ACTIONS, SMALL, false, 0.05, 0.9, 12);
    assertSameSteps(fit, true, new SplittableRandom(3));
    assertSameSteps(fit, true, new SplittableRandom(4));
  }

  @Test
  void defaultSizedNetworksStepAsFit() {
    assertSameSteps(
        AwrNetworks.critic(new int[] {INPUTS}, EncoderParams.DEFAULTS, false, 1e-4, 0.9, 13),
        false,
        new SplittableRandom(5));
    assertSameSteps(
        AwrNetworks.actor(new int[] {INPUTS}, 2, EncoderParams.DEFAULTS, false, 5e-5, 0.9, 14),
        true,
        new SplittableRandom(6));
  }

  @Test
  void supportsOnlyDenseReluNetworksWithoutBatchNorm() {
    assertThat(DenseStepper.supports(AwrNetworks.critic(new int[] {3}, SMALL, false, 0.1, 0.9, 1)))
        .isTrue();
    assertThat(DenseStepper.supports(AwrNetworks.critic(new int[] {3}, SMALL, true, 0.1, 0.9, 1)))
        .isFalse();
    EncoderParams swish = new EncoderParams(List.of(8), null, null, ActivationType.SWISH);
    assertThat(DenseStepper.supports(AwrNetworks.actor(new int[] {3}, 2, swish, false, 0.1, 0, 1)))
        .isFalse();
    EncoderParams conv = new EncoderParams(null, List.of(new ConvFilter(2, 3, 1)), 8, null);
    MultiLayerNetwork image = AwrNetworks.critic(new int[] {1, 5, 5}, conv, false, 0.1, 0.9, 1);
    assertThat(DenseStepper.supports(image)).isFalse();
    assertThat(TrainingStep.of(image)).isNotInstanceOf(DenseStepper.class);
    assertThatThrownBy(() -> new DenseStepper(image))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DenseStepper");
  }

  @Test
  void rejectsMiniBatchesOfTheWrongWidth() {
    DenseStepper stepper =
        new DenseStepper(AwrNetworks.critic(new int[] {INPUTS}, SMALL, false, 0.1, 0.9, 1));
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, INPUTS + 1);
    INDArray y = Nd4j.rand(DataType.FLOAT, 5, 1);
    assertThatThrownBy(() -> stepper.step(x, y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[5, 5]");
  }

  /**
   * Steps {@code fit} (DL4J) and a copy of it (DenseStepper) on mini-batches of {@link #ROWS} rows
   * and compares them after each step; leaves {@code fit} advanced.
   */
  private static void assertSameSteps(MultiLayerNetwork fit, boolean actor, SplittableRandom rnd) {
    MultiLayerNetwork fast = fit.clone();
    fast.params().assign(fit.params());
    fast.getUpdater(true).getStateViewArray().assign(fit.getUpdater(true).getStateViewArray());
    fast.setIterationCount(fit.getIterationCount());
    DenseStepper stepper = new DenseStepper(fast);
    long outputs = fit.getLayer(fit.getnLayers() - 1).getParam("b").length();
    int step = 0;
    for (int rows : ROWS) {
      DataSet batch = actor ? actorBatch(rows, (int) outputs, rnd) : criticBatch(rows, rnd);
      fit.fit(batch.copy());
      double expectedScore = fit.score();

      // the update of the BLAS calls, of the flushing Java pass, and of a step without a number
      step += step % DenseStepper.FLUSH_EVERY == 0 ? 1 : DenseStepper.FLUSH_EVERY - 1;
      double score = rows % 3 == 0 ? stepper.fit(batch) : stepper.fit(batch, step);

      assertThat(score).isCloseTo(expectedScore, withinRelative(expectedScore));
      assertThat(fast.score()).isEqualTo(score);
      assertClose(fast.params(), fit.params());
      assertClose(fast.getUpdater().getStateViewArray(), fit.getUpdater().getStateViewArray());
      assertThat(fast.getIterationCount()).isEqualTo(fit.getIterationCount());
    }
  }

  private static Offset<Double> withinRelative(double expected) {
    return offset(RELATIVE * Math.max(1, Math.abs(expected)));
  }

  private static void assertClose(INDArray actual, INDArray expected) {
    float[] a = actual.dup().data().asFloat();
    float[] e = expected.dup().data().asFloat();
    assertThat(a).hasSameSizeAs(e);
    double scale = 0;
    for (float v : e) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < a.length; i++) {
      assertThat((double) a[i]).isCloseTo(e[i], offset(RELATIVE * Math.max(1e-3, scale)));
    }
  }

  private static DataSet criticBatch(int rows, SplittableRandom rnd) {
    float[] returns = new float[rows];
    for (int i = 0; i < rows; i++) {
      returns[i] = (float) rnd.nextDouble(-5, 20);
    }
    return AwrNetworks.criticBatch(observations(rows, rnd), returns);
  }

  private static DataSet actorBatch(int rows, int actions, SplittableRandom rnd) {
    int[] a = new int[rows];
    float[] w = new float[rows];
    for (int i = 0; i < rows; i++) {
      a[i] = rnd.nextInt(actions);
      w[i] = (float) rnd.nextDouble(0, 20);
    }
    return AwrNetworks.actorBatch(observations(rows, rnd), a, w, actions);
  }

  private static INDArray observations(int rows, SplittableRandom rnd) {
    float[] x = new float[rows * INPUTS];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextDouble(-2, 2);
    }
    return Nd4j.create(x, new long[] {rows, INPUTS}, 'c');
  }
}
