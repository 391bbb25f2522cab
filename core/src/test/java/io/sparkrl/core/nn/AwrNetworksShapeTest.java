package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.config.ActivationType;
import io.sparkrl.core.config.ConvFilter;
import io.sparkrl.core.config.EncoderParams;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class AwrNetworksShapeTest {

  private static final EncoderParams SWISH =
      new EncoderParams(null, null, null, ActivationType.SWISH);

  private static long linear(long in, long out) {
    return in * out + out;
  }

  private static long conv(long in, long out, long k) {
    return in * k * k * out + out;
  }

  @Test
  void defaultVectorActorAndCriticMatchPyTorchsParameterCounts() {
    MultiLayerNetwork actor =
        AwrNetworks.actor(new int[] {4}, 2, EncoderParams.DEFAULTS, false, 5e-5, 0.9, 1);
    MultiLayerNetwork critic =
        AwrNetworks.critic(new int[] {4}, EncoderParams.DEFAULTS, false, 1e-4, 0.9, 1);
    long encoder = linear(4, 256) + linear(256, 256);
    assertThat(actor.numParams()).isEqualTo(encoder + linear(256, 2));
    assertThat(critic.numParams()).isEqualTo(encoder + linear(256, 1));
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, 4);
    INDArray probs = actor.output(x, false);
    assertThat(probs.shape()).containsExactly(5, 2);
    assertThat(probs.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(probs.sum(1).sub(1).amaxNumber().doubleValue()).isLessThan(1e-6);
    assertThat(critic.output(x, false).shape()).containsExactly(5, 1);
  }

  @Test
  void batchNormAddsGammaBetaAndRunningStatisticsPerHiddenLayer() {
    MultiLayerNetwork critic = AwrNetworks.critic(new int[] {4}, SWISH, true, 1e-4, 0.9, 1);
    long encoder = linear(4, 256) + linear(256, 256);
    // PyTorch: weight and bias are parameters, running_mean and running_var buffers; DL4J holds
    // all four in its parameter vector
    long batchNorm = 4 * 256;
    assertThat(critic.numParams()).isEqualTo(encoder + 2 * batchNorm + linear(256, 1));
    assertThat(critic.getLayers()).hasSize(5);
    assertThat(critic.output(Nd4j.rand(DataType.FLOAT, 3, 4), false).shape()).containsExactly(3, 1);
  }

  @Test
  void defaultImageActorIsNatureDqnWith3136FeaturesIntoDense512() {
    int a = 6;
    MultiLayerNetwork actor =
        AwrNetworks.actor(new int[] {4, 84, 84}, a, EncoderParams.DEFAULTS, false, 5e-5, 0.9, 1);
    long expected =
        conv(4, 32, 8) + conv(32, 64, 4) + conv(64, 64, 3) + linear(3136, 512) + linear(512, a);
    assertThat(actor.numParams()).isEqualTo(expected);
    assertThat(((FeedForwardLayer) actor.getLayer(3).conf().getLayer()).getNIn()).isEqualTo(3136);
    assertThat(actor.getLayerWiseConfigurations().getInputPreProcess(3))
        .isInstanceOf(CnnToFeedForwardPreProcessor.class);
    List<INDArray> acts = actor.feedForward(Nd4j.rand(DataType.FLOAT, 2, 4, 84, 84), false);
    assertThat(acts.get(1).shape()).containsExactly(2, 32, 20, 20);
    assertThat(acts.get(2).shape()).containsExactly(2, 64, 9, 9);
    assertThat(acts.get(3).shape()).containsExactly(2, 64, 7, 7);
    assertThat(acts.get(5).shape()).containsExactly(2, a);
  }

  @Test
  void imageCriticWithBatchNormAndSwishRuns() {
    MultiLayerNetwork critic = AwrNetworks.critic(new int[] {4, 84, 84}, SWISH, true, 1e-4, 0.9, 1);
    long expected =
        conv(4, 32, 8)
            + conv(32, 64, 4)
            + conv(64, 64, 3)
            + linear(3136, 512)
            + 4 * (32 + 64 + 64 + 512)
            + linear(512, 1);
    assertThat(critic.numParams()).isEqualTo(expected);
    assertThat(critic.output(Nd4j.rand(DataType.FLOAT, 2, 4, 84, 84), false).shape())
        .containsExactly(2, 1);
  }

  @Test
  void flattenIsInChannelHeightWidthOrder() {
    EncoderParams p = new EncoderParams(null, List.of(new ConvFilter(2, 2, 1)), 3, null);
    MultiLayerNetwork critic = AwrNetworks.critic(new int[] {1, 3, 4}, p, false, 0.1, 0.0, 2);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 3, 4);
    List<INDArray> acts = critic.feedForward(x, false);
    INDArray convOut = acts.get(1); // [2, 2, 2, 3]
    INDArray w = critic.getLayer(1).getParam("W");
    INDArray b = critic.getLayer(1).getParam("b");
    INDArray byHand =
        Transforms.relu(convOut.dup('c').reshape('c', 2, 2 * 2 * 3).mmul(w).addRowVector(b));
    assertThat(HeavyBallMomentumTest.maxAbsDiff(acts.get(2), byHand)).isLessThan(1e-6);
  }

  @Test
  void swishIsXTimesSigmoidX() {
    assertThat(AwrNetworks.activation(ActivationType.SWISH)).isEqualTo(Activation.SWISH);
    INDArray x = Nd4j.linspace(DataType.DOUBLE, -4, 4, 17);
    INDArray swish = Activation.SWISH.getActivationFunction().getActivation(x.dup(), false);
    INDArray byHand = x.mul(Transforms.sigmoid(x, true));
    assertThat(HeavyBallMomentumTest.maxAbsDiff(swish, byHand)).isLessThan(1e-12);
  }

  @Test
  void rejectsBadShapesAndActionCounts() {
    assertThatThrownBy(
            () -> AwrNetworks.critic(new int[] {3, 4}, EncoderParams.DEFAULTS, false, 0.1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[3, 4]");
    assertThatThrownBy(
            () -> AwrNetworks.actor(new int[] {3}, 0, EncoderParams.DEFAULTS, false, 0.1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }
}
