package io.sparkrl.core.nn;

import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's default parameter initialisation for a DL4J network, so that a sparkrl network starts
 * from the same distribution as d3rlpy's: every {@code nn.Linear} and {@code nn.Conv2d} (DL4J
 * dense, output and convolution layers) draws its weights and biases from U(−1/√fan_in, 1/√fan_in),
 * which is what PyTorch's {@code kaiming_uniform_(a=√5)} plus its bias rule come to; fan_in is nIn
 * for a dense layer and inChannels·kh·kw for a convolution. BatchNorm starts at gamma 1, beta 0,
 * running mean 0 and running variance 1.
 *
 * <p>The draws come from one {@link SplittableRandom} seeded with the given seed, layer by layer in
 * network order, weights before biases, each array filled in its own element order: the same seed
 * gives the same parameters on every backend.
 */
public final class PyTorchInit {

  private PyTorchInit() {}

  /**
   * Re-initialises {@code net}'s parameters in place.
   *
   * @param net an initialised network ({@link MultiLayerNetwork#init()} already called)
   * @param seed seed of the draws
   * @throws IllegalArgumentException if the network is not initialised
   */
  public static void apply(MultiLayerNetwork net, long seed) {
    if (net.params() == null) {
      throw new IllegalArgumentException("network must be initialised (call init()) first");
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (Layer layer : net.getLayers()) {
      org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
      Map<String, INDArray> params = layer.paramTable();
      if (conf instanceof BatchNormalization) {
        resetBatchNorm(params);
      } else if (conf instanceof BaseLayer && conf instanceof FeedForwardLayer ff) {
        INDArray weights = params.get(DefaultParamInitializer.WEIGHT_KEY);
        if (weights == null) {
          continue;
        }
        double bound = 1.0 / Math.sqrt((double) fanIn(ff));
        fillUniform(weights, bound, random);
        INDArray bias = params.get(DefaultParamInitializer.BIAS_KEY);
        if (bias != null) {
          fillUniform(bias, bound, random);
        }
      }
    }
  }

  /** nIn for a dense layer, inChannels·kh·kw for a convolution. */
  static long fanIn(FeedForwardLayer conf) {
    if (conf instanceof ConvolutionLayer conv) {
      long fanIn = conv.getNIn();
      for (int k : conv.getKernelSize()) {
        fanIn *= k;
      }
      return fanIn;
    }
    return conf.getNIn();
  }

  private static void resetBatchNorm(Map<String, INDArray> params) {
    assignIfPresent(params, BatchNormalizationParamInitializer.GAMMA, 1);
    assignIfPresent(params, BatchNormalizationParamInitializer.BETA, 0);
    assignIfPresent(params, BatchNormalizationParamInitializer.GLOBAL_MEAN, 0);
    assignIfPresent(params, BatchNormalizationParamInitializer.GLOBAL_VAR, 1);
    // log10 of a standard deviation of 1, for layers built with useLogStd(true)
    assignIfPresent(params, BatchNormalizationParamInitializer.GLOBAL_LOG_STD, 0);
  }

  private static void assignIfPresent(Map<String, INDArray> params, String key, double value) {
    INDArray array = params.get(key);
    if (array != null) {
      array.assign(value);
    }
  }

  private static void fillUniform(INDArray target, double bound, SplittableRandom random) {
    float[] values = new float[Math.toIntExact(target.length())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
    target.assign(Nd4j.create(values, target.shape(), target.ordering()).castTo(target.dataType()));
  }
}
