package io.sparkrl.core.export;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Translates the layers of a {@link MultiLayerNetwork} into ONNX nodes, one layer at a time, in
 * inference mode. It tracks the activation shape (without the batch axis) to check that layers fit
 * together and to refuse what it cannot express, naming the layer index and type.
 */
final class OnnxLayers {

  /** A tensor of the graph: its name and its shape without the batch axis. */
  record Tensor(String name, long[] shape) {}

  private final MultiLayerNetwork net;
  private final MultiLayerConfiguration conf;
  private final OnnxGraph graph;

  OnnxLayers(MultiLayerNetwork net, OnnxGraph graph) {
    this.net = net;
    this.conf = net.getLayerWiseConfigurations();
    this.graph = graph;
  }

  /** Appends every layer of the network to the graph, starting from {@code input}. */
  Tensor translate(Tensor input) {
    Tensor t = input;
    for (int i = 0; i < conf.getConfs().size(); i++) {
      t = preProcess(i, conf.getInputPreProcess(i), t);
      Layer layer = conf.getConf(i).getLayer();
      String prefix = "layer" + i + "_";
      if (layer.getClass() == DenseLayer.class || layer.getClass() == OutputLayer.class) {
        t = dense(i, (FeedForwardLayer) layer, prefix, t);
      } else if (layer.getClass() == ConvolutionLayer.class) {
        t = convolution(i, (ConvolutionLayer) layer, prefix, t);
      } else if (layer.getClass() == BatchNormalization.class) {
        t = batchNorm(i, (BatchNormalization) layer, prefix, t);
      } else {
        throw unsupported(i, layer, "no ONNX translation for this layer type");
      }
    }
    return t;
  }

  private Tensor preProcess(int i, InputPreProcessor pre, Tensor t) {
    if (pre == null) {
      return t;
    }
    if (pre instanceof CnnToFeedForwardPreProcessor cnn
        && cnn.getFormat() == CNN2DFormat.NCHW
        && t.shape().length == 3) {
      long flat = Arrays.stream(t.shape()).reduce(1, Math::multiplyExact);
      String name = graph.node("layer" + i + "_flatten", "Flatten", attrs("axis", 1), t.name());
      return new Tensor(name, new long[] {flat});
    }
    throw new IllegalArgumentException(
        "layer "
            + i
            + ": input preprocessor "
            + pre.getClass().getSimpleName()
            + " is not supported for an activation of shape [N, "
            + dims(t.shape())
            + "] (only an NCHW CnnToFeedForwardPreProcessor after a convolution is)");
  }

  private Tensor dense(int i, FeedForwardLayer layer, String prefix, Tensor t) {
    boolean hasBias = layer instanceof DenseLayer d ? d.hasBias() : ((OutputLayer) layer).hasBias();
    if (layer instanceof DenseLayer d && d.hasLayerNorm()) {
      throw unsupported(i, layer, "layer normalisation");
    }
    expectShape(i, layer, t, layer.getNIn());
    INDArray w = param(i, DefaultParamInitializer.WEIGHT_KEY);
    long nOut = layer.getNOut();
    String wName = graph.constant(prefix + "W", new long[] {layer.getNIn(), nOut}, floats(w));
    String y;
    if (hasBias) {
      String b =
          graph.constant(
              prefix + "b", new long[] {nOut}, floats(param(i, DefaultParamInitializer.BIAS_KEY)));
      y = graph.node(prefix + "gemm", "Gemm", t.name(), wName, b);
    } else {
      y = graph.node(prefix + "gemm", "Gemm", t.name(), wName);
    }
    return activation(i, layer, prefix, new Tensor(y, new long[] {nOut}));
  }

  private Tensor convolution(int i, ConvolutionLayer layer, String prefix, Tensor t) {
    if (layer.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
      throw unsupported(i, layer, "data format " + layer.getCnn2dDataFormat() + " (NCHW only)");
    }
    ConvolutionMode mode = layer.getConvolutionMode();
    if (mode != ConvolutionMode.Truncate && mode != ConvolutionMode.Strict) {
      throw unsupported(i, layer, "convolution mode " + mode + " (Truncate or Strict only)");
    }
    int[] k = layer.getKernelSize();
    int[] s = layer.getStride();
    if (Arrays.stream(layer.getPadding()).anyMatch(p -> p != 0)) {
      throw unsupported(i, layer, "padding " + Arrays.toString(layer.getPadding()));
    }
    if (Arrays.stream(layer.getDilation()).anyMatch(d -> d != 1)) {
      throw unsupported(i, layer, "dilation " + Arrays.toString(layer.getDilation()));
    }
    expectShape(i, layer, t, layer.getNIn(), -1, -1);
    long h = (t.shape()[1] - k[0]) / s[0] + 1;
    long w = (t.shape()[2] - k[1]) / s[1] + 1;
    if (h < 1 || w < 1) {
      throw unsupported(i, layer, "kernel larger than its input [N, " + dims(t.shape()) + "]");
    }
    long nOut = layer.getNOut();
    long[] wDims = {nOut, layer.getNIn(), k[0], k[1]};
    String wName =
        graph.constant(prefix + "W", wDims, floats(param(i, DefaultParamInitializer.WEIGHT_KEY)));
    List<byte[]> attributes =
        List.of(
            OnnxProto.intsAttribute("kernel_shape", k[0], k[1]),
            OnnxProto.intsAttribute("strides", s[0], s[1]));
    String y;
    if (layer.hasBias()) {
      String b =
          graph.constant(
              prefix + "b", new long[] {nOut}, floats(param(i, DefaultParamInitializer.BIAS_KEY)));
      y = graph.node(prefix + "conv", "Conv", attributes, t.name(), wName, b);
    } else {
      y = graph.node(prefix + "conv", "Conv", attributes, t.name(), wName);
    }
    return activation(i, layer, prefix, new Tensor(y, new long[] {nOut, h, w}));
  }

  private Tensor batchNorm(int i, BatchNormalization layer, String prefix, Tensor t) {
    int rank = t.shape().length;
    if (rank != 1 && !(rank == 3 && layer.getCnn2DFormat() == CNN2DFormat.NCHW)) {
      throw unsupported(
          i, layer, "input [N, " + dims(t.shape()) + "] (needs [N, C] or NCHW [N, C, H, W])");
    }
    long c = layer.getNOut();
    expectShape(i, layer, t, rank == 1 ? new long[] {c} : new long[] {c, -1, -1});
    float[] gamma;
    float[] beta;
    if (layer.isLockGammaBeta()) {
      // DL4J's own CPU path skips locked values unless both differ from (1, 0): only (1, 0) is
      // clear.
      if (layer.getGamma() != 1.0 || layer.getBeta() != 0.0) {
        throw unsupported(i, layer, "locked gamma/beta other than (1, 0)");
      }
      gamma = new float[(int) c];
      Arrays.fill(gamma, 1f);
      beta = new float[(int) c];
    } else {
      gamma = floats(param(i, BatchNormalizationParamInitializer.GAMMA));
      beta = floats(param(i, BatchNormalizationParamInitializer.BETA));
    }
    float[] mean = floats(param(i, BatchNormalizationParamInitializer.GLOBAL_MEAN));
    float[] var;
    if (layer.isUseLogStd()) {
      // Inference variance as DL4J computes it: (10^log10(std))^2, epsilon added by the op.
      INDArray log10Std = param(i, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
      float[] l = floats(log10Std);
      var = new float[l.length];
      for (int j = 0; j < l.length; j++) {
        float std = (float) Math.pow(10.0, l[j]);
        var[j] = std * std;
      }
    } else {
      var = floats(param(i, BatchNormalizationParamInitializer.GLOBAL_VAR));
    }
    long[] cDims = {c};
    String y =
        graph.node(
            prefix + "bn",
            "BatchNormalization",
            List.of(OnnxProto.floatAttribute("epsilon", (float) layer.getEps())),
            t.name(),
            graph.constant(prefix + "gamma", cDims, gamma),
            graph.constant(prefix + "beta", cDims, beta),
            graph.constant(prefix + "mean", cDims, mean),
            graph.constant(prefix + "var", cDims, var));
    // DL4J's BatchNormalization layer ignores its activation function: so does the export.
    return new Tensor(y, t.shape());
  }

  private Tensor activation(int i, BaseLayer layer, String prefix, Tensor t) {
    IActivation fn = layer.getActivationFn();
    if (fn instanceof ActivationIdentity) {
      return t;
    }
    if (fn instanceof ActivationReLU relu
        && relu.getMax() == null
        && isZeroOrNull(relu.getThreshold())
        && isZeroOrNull(relu.getNegativeSlope())) {
      return new Tensor(graph.node(prefix + "relu", "Relu", t.name()), t.shape());
    }
    if (fn instanceof ActivationSwish) {
      String sigmoid = graph.node(prefix + "sigmoid", "Sigmoid", t.name());
      return new Tensor(graph.node(prefix + "swish", "Mul", t.name(), sigmoid), t.shape());
    }
    if (fn instanceof ActivationSoftmax && t.shape().length == 1) {
      return new Tensor(
          graph.node(prefix + "softmax", "Softmax", attrs("axis", 1), t.name()), t.shape());
    }
    throw unsupported(
        i, layer, "activation " + fn + " on [N, " + dims(t.shape()) + "] has no translation");
  }

  private INDArray param(int i, String key) {
    INDArray p = net.getLayer(i).getParam(key);
    if (p == null) {
      throw new IllegalArgumentException("layer " + i + ": parameter '" + key + "' is missing");
    }
    return p;
  }

  /** Row-major copy of the values, whatever the array's order and data type. */
  private static float[] floats(INDArray a) {
    return Nd4j.toFlattened('c', a.castTo(DataType.FLOAT)).toFloatVector();
  }

  private static void expectShape(int i, Layer layer, Tensor t, long... expected) {
    boolean ok = t.shape().length == expected.length;
    for (int d = 0; ok && d < expected.length; d++) {
      ok = expected[d] < 0 || expected[d] == t.shape()[d];
    }
    if (!ok) {
      throw unsupported(
          i,
          layer,
          "expects input [N, "
              + dims(expected).replace("-1", "?")
              + "], the previous layer gives [N, "
              + dims(t.shape())
              + "]");
    }
  }

  private static boolean isZeroOrNull(Double d) {
    return d == null || d == 0.0;
  }

  private static List<byte[]> attrs(String name, long value) {
    return List.of(OnnxProto.intAttribute(name, value));
  }

  /** The shape as "a, b, c", for messages. */
  static String dims(long[] shape) {
    return Arrays.toString(shape).replaceAll("[\\[\\]]", "");
  }

  private static IllegalArgumentException unsupported(int i, Layer layer, String why) {
    return new IllegalArgumentException(
        "layer " + i + " (" + layer.getClass().getSimpleName() + ") is not supported: " + why);
  }
}
