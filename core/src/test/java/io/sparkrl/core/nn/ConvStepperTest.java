package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.sparkrl.core.config.ActivationType;
import io.sparkrl.core.config.ConvFilter;
import io.sparkrl.core.config.EncoderParams;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link ConvStepper} against DL4J's {@code fit}: from the same parameters and momentum state, the
 * same mini-batches (of changing sizes) give the same scores, parameters, momentum buffers and
 * iteration counts. The two sum their products in different orders, so they agree up to float
 * rounding: relative to the largest value of each compared array, the parameters and momentum
 * buffers differ by at most about 1e-6 on this build; the tolerance is 1e-4.
 */
class ConvStepperTest {

  private static final double RELATIVE = 1e-4;
  private static final int ACTIONS = 3;

  /** Non-square and not a whole number of strides: 13×11 → 5×4 → 3×2 (truncated). */
  private static final int[] SMALL_SHAPE = {2, 13, 11};

  private static final EncoderParams SMALL =
      new EncoderParams(null, List.of(new ConvFilter(4, 4, 2), new ConvFilter(8, 3, 1)), 16, null);

  private static final int[] ROWS = {16, 5, 16, 1, 9};

  @Test
  void criticStepsEqualFitFromFreshAndFromNonzeroMomentum() {
    MultiLayerNetwork fit = AwrNetworks.critic(SMALL_SHAPE, SMALL, false, 0.01, 0.9, 11);
    assertSameSteps(fit, false, SMALL_SHAPE, ROWS, new SplittableRandom(1));
    // the state after those steps has nonzero momentum: continue from it
    assertSameSteps(fit, false, SMALL_SHAPE, ROWS, new SplittableRandom(2));
  }

  @Test
  void actorStepsEqualFitFromFreshAndFromNonzeroMomentum() {
    MultiLayerNetwork fit = AwrNetworks.actor(SMALL_SHAPE, ACTIONS, SMALL, false, 0.01, 0.9, 12);
    assertSameSteps(fit, true, SMALL_SHAPE, ROWS, new SplittableRandom(3));
    assertSameSteps(fit, true, SMALL_SHAPE, ROWS, new SplittableRandom(4));
  }

  @Test
  void defaultAtariNetworksStepAsFit() {
    int[] atari = {4, 84, 84};
    int[] rows = {16, 7};
    assertSameSteps(
        AwrNetworks.critic(atari, EncoderParams.DEFAULTS, false, 1e-3, 0.9, 13),
        false,
        atari,
        rows,
        new SplittableRandom(5));
    assertSameSteps(
        AwrNetworks.actor(atari, 2, EncoderParams.DEFAULTS, false, 1e-2, 0.9, 14),
        true,
        atari,
        rows,
        new SplittableRandom(6));
  }

  @Test
  void featuresThatAreAViewStepAsTheirCopy() {
    MultiLayerNetwork net = AwrNetworks.critic(SMALL_SHAPE, SMALL, false, 0.01, 0.9, 15);
    MultiLayerNetwork copy = copyOf(net);
    SplittableRandom rnd = new SplittableRandom(7);
    DataSet whole = criticBatch(12, SMALL_SHAPE, rnd);
    INDArray rowsView = whole.getFeatures().get(NDArrayIndex.interval(4, 10));
    INDArray labels = whole.getLabels().get(NDArrayIndex.interval(4, 10)).dup();
    assertThat(rowsView.isView()).isTrue();

    double viewScore = new ConvStepper(net).step(rowsView, labels);
    double copyScore = new ConvStepper(copy).step(rowsView.dup(), labels);

    assertThat(viewScore).isEqualTo(copyScore);
    assertThat(net.params()).isEqualTo(copy.params());
  }

  @Test
  void supportsDefaultImageNetworksWithoutBatchNormOrSwish() {
    int[] atari = {4, 84, 84};
    MultiLayerNetwork critic =
        AwrNetworks.critic(atari, EncoderParams.DEFAULTS, false, 0.1, 0.9, 1);
    MultiLayerNetwork actor = AwrNetworks.actor(atari, 2, EncoderParams.DEFAULTS, false, 0.1, 0, 1);
    assertThat(ConvStepper.supports(critic)).isTrue();
    assertThat(ConvStepper.supports(actor)).isTrue();
    assertThat(TrainingStep.of(critic)).isInstanceOf(ConvStepper.class);
    assertThat(TrainingStep.of(actor)).isInstanceOf(ConvStepper.class);
    assertThat(DenseStepper.supports(critic)).isFalse();

    MultiLayerNetwork batchNorm = AwrNetworks.critic(SMALL_SHAPE, SMALL, true, 0.1, 0.9, 1);
    assertThat(ConvStepper.supports(batchNorm)).isFalse();
    assertThat(TrainingStep.of(batchNorm)).isNotInstanceOf(ConvStepper.class);
    EncoderParams swish =
        new EncoderParams(null, SMALL.filters(), SMALL.featureSize(), ActivationType.SWISH);
    assertThat(ConvStepper.supports(AwrNetworks.actor(SMALL_SHAPE, 2, swish, false, 0.1, 0, 1)))
        .isFalse();
    MultiLayerNetwork vector = AwrNetworks.critic(new int[] {3}, null, false, 0.1, 0.9, 1);
    assertThat(ConvStepper.supports(vector)).isFalse();
    assertThatThrownBy(() -> new ConvStepper(vector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ConvStepper");
  }

  @Test
  void rejectsMiniBatchesOfTheWrongShape() {
    ConvStepper stepper =
        new ConvStepper(AwrNetworks.critic(SMALL_SHAPE, SMALL, false, 0.1, 0.9, 1));
    INDArray y = Nd4j.rand(DataType.FLOAT, 5, 1);
    INDArray wrongChannels = Nd4j.rand(DataType.FLOAT, 5, 3, 13, 11);
    assertThatThrownBy(() -> stepper.step(wrongChannels, y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[5, 3, 13, 11]")
        .hasMessageContaining("2 input channels");
    // 15×11 convolves to 4×2, not the 3×2 the dense layer was built for
    INDArray wrongHeight = Nd4j.rand(DataType.FLOAT, 5, 2, 15, 11);
    assertThatThrownBy(() -> stepper.step(wrongHeight, y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[5, 2, 15, 11]")
        .hasMessageContaining("flattened from [8, 3, 2]");
    INDArray tooSmall = Nd4j.rand(DataType.FLOAT, 5, 2, 3, 3);
    assertThatThrownBy(() -> stepper.step(tooSmall, y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[5, 2, 3, 3]");
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2, 13, 11);
    assertThatThrownBy(() -> stepper.step(x, Nd4j.rand(DataType.FLOAT, 4, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels [4, 1]");
  }

  /**
   * Steps {@code fit} (DL4J) and a copy of it (ConvStepper) on mini-batches of {@code rows} rows
   * and compares them after each step; leaves {@code fit} advanced.
   */
  private static void assertSameSteps(
      MultiLayerNetwork fit, boolean actor, int[] shape, int[] rows, SplittableRandom rnd) {
    MultiLayerNetwork fast = copyOf(fit);
    ConvStepper stepper = new ConvStepper(fast);
    long outputs = fit.getLayer(fit.getnLayers() - 1).getParam("b").length();
    for (int r : rows) {
      DataSet batch = actor ? actorBatch(r, shape, (int) outputs, rnd) : criticBatch(r, shape, rnd);
      fit.fit(batch.copy());
      double expectedScore = fit.score();

      double score = stepper.fit(batch);

      assertThat(score).isCloseTo(expectedScore, offset(RELATIVE * Math.abs(expectedScore)));
      assertThat(fast.score()).isEqualTo(score);
      assertClose(fast.params(), fit.params());
      assertClose(fast.getUpdater().getStateViewArray(), fit.getUpdater().getStateViewArray());
      assertThat(fast.getIterationCount()).isEqualTo(fit.getIterationCount());
    }
  }

  private static MultiLayerNetwork copyOf(MultiLayerNetwork net) {
    MultiLayerNetwork copy = net.clone();
    copy.params().assign(net.params());
    copy.getUpdater(true).getStateViewArray().assign(net.getUpdater(true).getStateViewArray());
    copy.setIterationCount(net.getIterationCount());
    return copy;
  }

  private static void assertClose(INDArray actual, INDArray expected) {
    float[] a = actual.dup().data().asFloat();
    float[] e = expected.dup().data().asFloat();
    assertThat(a).hasSameSizeAs(e);
    double scale = 0;
    for (float v : e) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertThat(scale).isPositive();
    // one assertion on the worst element (per-element assertions take seconds on 1.7M values)
    int worst = 0;
    double worstDifference = -1;
    for (int i = 0; i < a.length && !Double.isNaN(worstDifference); i++) {
      double difference = Math.abs((double) a[i] - e[i]);
      if (difference > worstDifference || Double.isNaN(difference)) {
        worst = i;
        worstDifference = difference;
      }
    }
    assertThat((double) a[worst])
        .as("element %d of %d", worst, a.length)
        .isCloseTo(e[worst], offset(RELATIVE * scale));
  }

  private static DataSet criticBatch(int rows, int[] shape, SplittableRandom rnd) {
    float[] returns = new float[rows];
    for (int i = 0; i < rows; i++) {
      returns[i] = (float) rnd.nextDouble(-5, 20);
    }
    return AwrNetworks.criticBatch(observations(rows, shape, rnd), returns);
  }

  private static DataSet actorBatch(int rows, int[] shape, int actions, SplittableRandom rnd) {
    int[] a = new int[rows];
    float[] w = new float[rows];
    for (int i = 0; i < rows; i++) {
      a[i] = rnd.nextInt(actions);
      w[i] = (float) rnd.nextDouble(0, 20);
    }
    return AwrNetworks.actorBatch(observations(rows, shape, rnd), a, w, actions);
  }

  private static INDArray observations(int rows, int[] shape, SplittableRandom rnd) {
    int size = shape[0] * shape[1] * shape[2];
    float[] x = new float[rows * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextDouble(-1, 1);
    }
    return Nd4j.create(x, new long[] {rows, shape[0], shape[1], shape[2]}, 'c');
  }
}
