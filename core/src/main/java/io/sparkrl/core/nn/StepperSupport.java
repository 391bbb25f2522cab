package io.sparkrl.core.nn;

import java.util.List;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The checks behind {@link DenseStepper#supports} and {@link ConvStepper#supports}: which networks
 * and layers a hand-written step reproduces exactly. Everything that makes DL4J's {@code fit} do
 * more than forward, backward and the updater (dropout, weight noise, constraints, regularisation,
 * gradient normalisation, a per-layer updater, full-batch scoring) disqualifies a network.
 */
final class StepperSupport {

  private StepperSupport() {}

  /**
   * FLOAT, standard backprop, at least one layer, every layer a {@link BaseLayer} in mini-batch
   * mode with no per-layer extras, all trained by one {@link HeavyBallMomentum} configuration.
   */
  static boolean plainNetwork(MultiLayerNetwork net) {
    MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
    if (conf.getDataType() != DataType.FLOAT
        || conf.getBackpropType() != BackpropType.Standard
        || net.getnLayers() < 1) {
      return false;
    }
    Object updater = null;
    for (int l = 0; l < net.getnLayers(); l++) {
      BaseLayer layer = layerConf(net, l);
      if (layer == null || !net.getLayer(l).conf().isMiniBatch()) {
        return false; // DL4J divides score and gradient by the rows only in mini-batch mode
      }
      if (!plain(layer)
          || !(layer.getIUpdater() instanceof HeavyBallMomentum)
          || (updater != null && !updater.equals(layer.getIUpdater()))) {
        return false;
      }
      updater = layer.getIUpdater();
    }
    return true;
  }

  /** A {@link DenseLayer} (not a subclass) with bias, ReLU and no layer norm. */
  static boolean reluDense(BaseLayer layer) {
    return layer.getClass() == DenseLayer.class
        && ((DenseLayer) layer).hasBias()
        && !((DenseLayer) layer).hasLayerNorm()
        && relu(layer);
  }

  /** An {@link OutputLayer} with bias and one of {@link DenseHeadLoss}'s losses. */
  static boolean head(BaseLayer layer) {
    return layer instanceof OutputLayer o
        && o.hasBias()
        && DenseHeadLoss.of(o.getLossFn(), o.getActivationFn()) != null;
  }

  /**
   * A {@link ConvolutionLayer} (not a subclass) on NCHW input with bias, ReLU, square kernel and
   * stride, no padding, no dilation and {@link ConvolutionMode#Truncate}.
   */
  static boolean reluConvolution(BaseLayer layer) {
    if (layer.getClass() != ConvolutionLayer.class) {
      return false;
    }
    ConvolutionLayer conv = (ConvolutionLayer) layer;
    int[] kernel = conv.getKernelSize();
    int[] stride = conv.getStride();
    int[] padding = conv.getPadding();
    int[] dilation = conv.getDilation();
    return conv.hasBias()
        && relu(layer)
        && conv.getCnn2dDataFormat() == CNN2DFormat.NCHW
        && conv.getConvolutionMode() == ConvolutionMode.Truncate
        && kernel.length == 2
        && kernel[0] == kernel[1]
        && stride.length == 2
        && stride[0] == stride[1]
        && padding.length == 2
        && padding[0] == 0
        && padding[1] == 0
        && dilation.length == 2
        && dilation[0] == 1
        && dilation[1] == 1;
  }

  /** Layer {@code l}'s configuration, or null when it is not a {@link BaseLayer}. */
  static BaseLayer layerConf(MultiLayerNetwork net, int l) {
    return net.getLayer(l).conf().getLayer() instanceof BaseLayer b ? b : null;
  }

  private static boolean relu(BaseLayer layer) {
    return new ActivationReLU().equals(layer.getActivationFn());
  }

  private static boolean plain(BaseLayer layer) {
    return layer.getBiasUpdater() == null
        && layer.getIDropout() == null
        && layer.getWeightNoise() == null
        && (layer.getConstraints() == null || layer.getConstraints().isEmpty())
        && empty(layer.getRegularization())
        && empty(layer.getRegularizationBias())
        && (layer.getGradientNormalization() == null
            || layer.getGradientNormalization() == GradientNormalization.None);
  }

  private static boolean empty(List<?> list) {
    return list == null || list.isEmpty();
  }
}
