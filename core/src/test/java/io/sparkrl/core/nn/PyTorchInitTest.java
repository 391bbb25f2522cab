package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.config.ConvFilter;
import io.sparkrl.core.config.EncoderParams;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class PyTorchInitTest {

  private static final EncoderParams SMALL_PIXEL =
      new EncoderParams(null, List.of(new ConvFilter(3, 3, 1), new ConvFilter(4, 2, 2)), 6, null);

  private static MultiLayerNetwork smallImageActor(long seed) {
    return AwrNetworks.actor(new int[] {2, 9, 9}, 3, SMALL_PIXEL, true, 0.1, 0.9, seed);
  }

  @Test
  void weightsAndBiasesLieWithinOneOverSqrtFanIn() {
    MultiLayerNetwork net = smallImageActor(3);
    int checked = 0;
    for (Layer layer : net.getLayers()) {
      org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
      Map<String, INDArray> params = layer.paramTable();
      if (conf instanceof BatchNormalization) {
        assertThat(params.get("gamma").minNumber().doubleValue()).isEqualTo(1.0);
        assertThat(params.get("gamma").maxNumber().doubleValue()).isEqualTo(1.0);
        assertThat(params.get("beta").amaxNumber().doubleValue()).isZero();
        assertThat(params.get("mean").amaxNumber().doubleValue()).isZero();
        assertThat(params.get("var").minNumber().doubleValue()).isEqualTo(1.0);
        assertThat(params.get("var").maxNumber().doubleValue()).isEqualTo(1.0);
        continue;
      }
      FeedForwardLayer ff = (FeedForwardLayer) conf;
      long fanIn =
          conf instanceof ConvolutionLayer conv
              ? conv.getNIn() * conv.getKernelSize()[0] * conv.getKernelSize()[1]
              : ff.getNIn();
      double bound = 1 / Math.sqrt((double) fanIn);
      for (String key : List.of("W", "b")) {
        INDArray values = params.get(key);
        assertThat(values.amaxNumber().doubleValue())
            .as("%s of %s", key, conf)
            .isLessThanOrEqualTo(bound);
        if (key.equals("W")) {
          // the draws fill the interval: some weights come near the bound on each side
          assertThat(values.maxNumber().doubleValue()).isGreaterThan(0.5 * bound);
          assertThat(values.minNumber().doubleValue()).isLessThan(-0.5 * bound);
        }
      }
      checked++;
    }
    assertThat(checked).isEqualTo(4); // two convolutions, the feature layer and the head
  }

  @Test
  void fanInOfAConvolutionIsChannelsTimesKernelArea() {
    MultiLayerNetwork net = smallImageActor(3);
    FeedForwardLayer firstConv = (FeedForwardLayer) net.getLayer(0).conf().getLayer();
    assertThat(PyTorchInit.fanIn(firstConv)).isEqualTo(2 * 3 * 3);
  }

  @Test
  void sameSeedGivesSameParametersAndAnotherSeedDiffers() {
    INDArray a = smallImageActor(5).params();
    INDArray b = smallImageActor(5).params();
    INDArray c = smallImageActor(6).params();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }
}
