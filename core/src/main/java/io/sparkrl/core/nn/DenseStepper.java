package io.sparkrl.core.nn;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One SGD step of a dense {@link AwrNetworks} network (vector input, ReLU hidden layers, no batch
 * norm, an MSE or softmax head, {@link HeavyBallMomentum}) written as explicit ND4J operations on
 * the network's own arrays: its flat parameters ({@code params()}, updated in place) and its
 * momentum buffers ({@code getUpdater().getStateViewArray()}). It gives DL4J's {@code fit} results
 * bit for bit, with the same matrix products and element-wise operations on arrays of the same
 * layouts, without {@code fit}'s overheads: the forward products are not recomputed in backprop,
 * the first layer's input gradient is not computed, no parameter views are built per step for
 * regularisation, activations and gradients live in arrays allocated once per mini-batch size, and
 * the ReLU derivative is a step mask instead of ND4J's per-element {@code relu_bp}.
 *
 * <p>Per step: forward {@code z = x·W} (into an f-ordered array, as DL4J's product), copied to a
 * c-ordered one, {@code + b}, ReLU; the head's score and gradient ({@link DenseHeadLoss}); backward
 * {@code dW = xᵀ·δ}, {@code db = Σ_rows δ}, {@code δ_prev = (W·δᵀ)ᵀ ⊙ [a_prev > 0]}; then DL4J's
 * updater sequence on the flat gradient: {@code g /= rows; buf = μ·buf + g; g = lr·buf; p −= g}.
 * The network's iteration count and score are updated as {@code fit} updates them.
 *
 * <p>Not thread-safe; one stepper per network.
 */
public final class DenseStepper implements TrainingStep {

  private final MultiLayerNetwork net;
  private final DenseHeadLoss head;
  private final long[] widths;
  private final MomentumUpdate update;
  private final INDArray gradient;
  private final INDArray[] weightGradients;
  private final INDArray[] biasGradients;
  private final INDArray[] weights;
  private final INDArray[] biases;
  private INDArray params;
  private INDArray momentumBuffer;
  private DenseStepBuffers buffers;

  /**
   * A stepper over {@code net}'s arrays.
   *
   * @throws IllegalArgumentException if {@code net} is not {@linkplain #supports supported}
   */
  public DenseStepper(MultiLayerNetwork net) {
    if (!supports(net)) {
      throw new IllegalArgumentException(
          "DenseStepper needs dense ReLU layers, an MSE or softmax head and HeavyBallMomentum: "
              + Arrays.toString(net.getLayers()));
    }
    this.net = net;
    int n = net.getnLayers();
    BaseLayer outputConf = layerConf(net, n - 1);
    this.head =
        DenseHeadLoss.of(((OutputLayer) outputConf).getLossFn(), outputConf.getActivationFn());
    this.update = MomentumUpdate.of(net);
    this.widths = new long[n + 1];
    this.weights = new INDArray[n];
    this.biases = new INDArray[n];
    this.weightGradients = new INDArray[n];
    this.biasGradients = new INDArray[n];
    this.gradient = Nd4j.create(DataType.FLOAT, net.params().shape(), 'c');
    long offset = 0;
    for (int l = 0; l < n; l++) {
      FeedForwardLayer conf = (FeedForwardLayer) layerConf(net, l);
      long in = conf.getNIn();
      long out = conf.getNOut();
      widths[l] = in;
      widths[l + 1] = out;
      weightGradients[l] = flatView(offset, in * out).reshape('f', in, out);
      biasGradients[l] = flatView(offset + in * out, out).reshape(1, out);
      offset += in * out + out;
    }
    bind();
  }

  /**
   * Whether {@code net} is a network this class steps exactly like {@code fit}: FLOAT, no input
   * preprocessors, dense layers with bias and ReLU (no dropout, weight noise, constraints, layer
   * norm, regularisation or gradient normalisation) ending in an {@link AwrNetworks} head, all
   * trained by one {@link HeavyBallMomentum} configuration.
   */
  public static boolean supports(MultiLayerNetwork net) {
    if (!StepperSupport.plainNetwork(net)
        || !net.getLayerWiseConfigurations().getInputPreProcessors().isEmpty()) {
      return false;
    }
    int last = net.getnLayers() - 1;
    for (int l = 0; l < last; l++) {
      if (!StepperSupport.reluDense(layerConf(net, l))) {
        return false;
      }
    }
    return StepperSupport.head(layerConf(net, last));
  }

  private static BaseLayer layerConf(MultiLayerNetwork net, int l) {
    return StepperSupport.layerConf(net, l);
  }

  /**
   * One step on {@code miniBatch}: features {@code [rows, inputs]} and labels {@code [rows,
   * outputs]}, FLOAT.
   *
   * @return DL4J's score of the mini-batch before the update
   * @throws IllegalArgumentException if the shapes do not fit the network
   */
  @Override
  public double fit(DataSet miniBatch) {
    return step(miniBatch.getFeatures(), miniBatch.getLabels());
  }

  /** As {@link #fit(DataSet)} with the features and labels given separately. */
  public double step(INDArray features, INDArray labels) {
    int layers = weights.length;
    long rows = features.size(0);
    if (features.rank() != 2
        || features.size(1) != widths[0]
        || labels.rank() != 2
        || labels.size(0) != rows
        || labels.size(1) != widths[layers]
        || features.dataType() != DataType.FLOAT
        || labels.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException(
          "DenseStepper: features "
              + Arrays.toString(features.shape())
              + " and labels "
              + Arrays.toString(labels.shape())
              + " (FLOAT) do not fit a network of widths "
              + Arrays.toString(widths));
    }
    if (net.params() != params || MomentumUpdate.stateView(net) != momentumBuffer) {
      bind();
    }
    if (buffers == null || buffers.rows() != rows) {
      buffers = new DenseStepBuffers(rows, widths);
    }
    DenseStepBuffers b = buffers;
    INDArray input = features;
    for (int l = 0; l < layers; l++) {
      input.mmuli(weights[l], b.product(l));
      INDArray z = b.activation(l).assign(b.product(l)).addiRowVector(biases[l]);
      if (l < layers - 1) {
        Nd4j.exec(new RectifiedLinear(z, z));
      }
      input = z;
    }
    INDArray preOutput = b.activation(layers - 1);
    double score = head.score(preOutput, labels, b.headScratch());
    head.gradientInPlace(preOutput, labels, b.headScratch());
    INDArray delta = preOutput;
    for (int l = layers - 1; l >= 0; l--) {
      INDArray layerInput = l == 0 ? features : b.activation(l - 1);
      Nd4j.gemm(layerInput, delta, weightGradients[l], true, false, 1.0, 0.0);
      delta.sum(biasGradients[l], 0);
      if (l > 0) {
        weights[l].mmuli(delta.transpose(), b.inputGradient(l - 1));
        Nd4j.exec(new Step(layerInput, layerInput));
        delta = b.inputGradient(l - 1).transpose().muli(layerInput);
      }
    }
    update.apply(net, params, momentumBuffer, gradient, rows, score);
    return score;
  }

  /** Takes the network's current parameter and optimiser-state arrays (they may be replaced). */
  private void bind() {
    params = net.params();
    momentumBuffer = MomentumUpdate.stateView(net);
    if (momentumBuffer == null || momentumBuffer.length() != params.length()) {
      throw new IllegalStateException(
          "DenseStepper: the momentum state does not match the " + params.length() + " parameters");
    }
    for (int l = 0; l < weights.length; l++) {
      Layer layer = net.getLayer(l);
      weights[l] = layer.getParam("W");
      biases[l] = layer.getParam("b");
    }
  }

  private INDArray flatView(long offset, long length) {
    INDArrayIndex range = NDArrayIndex.interval(offset, offset + length);
    return gradient.rank() == 1 ? gradient.get(range) : gradient.get(NDArrayIndex.point(0), range);
  }
}
