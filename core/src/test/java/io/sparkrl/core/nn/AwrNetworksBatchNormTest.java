package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.config.EncoderParams;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class AwrNetworksBatchNormTest {

  private static final EncoderParams TINY = new EncoderParams(List.of(6), null, null, null);

  private static MultiLayerNetwork critic() {
    return AwrNetworks.critic(new int[] {3}, TINY, true, 0.05, 0.9, 4);
  }

  private static DataSet batch() {
    Nd4j.getRandom().setSeed(8);
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3).muli(3);
    return AwrNetworks.criticBatch(x, new float[] {1, 2, 3, 4, 5, 6, 7, 8});
  }

  @Test
  void fitUpdatesRunningStatisticsWithDecayPointNine() {
    MultiLayerNetwork net = critic();
    DataSet ds = batch();
    // input of the BatchNorm layer during the fit: the dense activations before the update
    INDArray h = net.feedForward(ds.getFeatures(), true).get(1).castTo(DataType.DOUBLE);
    INDArray batchMean = h.mean(0);
    INDArray biasedVar = h.var(false, 0);
    net.fit(ds);
    INDArray runningMean = net.getLayer(1).getParam("mean").castTo(DataType.DOUBLE);
    INDArray runningVar = net.getLayer(1).getParam("var").castTo(DataType.DOUBLE);
    assertThat(HeavyBallMomentumTest.maxAbsDiff(runningMean, batchMean.mul(0.1))).isLessThan(1e-5);
    // DL4J averages the biased batch variance (PyTorch the unbiased one, factor N/(N-1))
    assertThat(HeavyBallMomentumTest.maxAbsDiff(runningVar, biasedVar.mul(0.1).add(0.9)))
        .isLessThan(1e-5);
  }

  @Test
  void inferenceUsesRunningStatisticsAndIsDeterministic() {
    MultiLayerNetwork net = critic();
    DataSet ds = batch();
    for (int i = 0; i < 3; i++) {
      net.fit(ds);
    }
    INDArray x = ds.getFeatures();
    INDArray inference = net.output(x, false);
    assertThat(net.output(x, false)).isEqualTo(inference);
    assertThat(HeavyBallMomentumTest.maxAbsDiff(net.output(x, true), inference))
        .isGreaterThan(1e-3);

    List<INDArray> acts = net.feedForward(x, false);
    INDArray h = acts.get(1);
    INDArray std = Transforms.sqrt(net.getLayer(1).getParam("var").add(AwrNetworks.BATCH_NORM_EPS));
    INDArray byHand =
        h.subRowVector(net.getLayer(1).getParam("mean"))
            .divRowVector(std)
            .mulRowVector(net.getLayer(1).getParam("gamma"))
            .addRowVector(net.getLayer(1).getParam("beta"));
    assertThat(HeavyBallMomentumTest.maxAbsDiff(acts.get(2), byHand)).isLessThan(1e-5);
  }

  @Test
  void networkConfigurationsRoundTripThroughJson() {
    for (MultiLayerNetwork net :
        List.of(
            critic(),
            AwrNetworks.actor(
                new int[] {2, 9, 9},
                3,
                new EncoderParams(
                    null,
                    List.of(new io.sparkrl.core.config.ConvFilter(4, 3, 2)),
                    8,
                    io.sparkrl.core.config.ActivationType.SWISH),
                true,
                0.1,
                0.9,
                1))) {
      MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
      assertThat(MultiLayerConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
    }
  }
}
