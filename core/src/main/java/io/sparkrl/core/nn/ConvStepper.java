package io.sparkrl.core.nn;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
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
 * One SGD step of an image {@link AwrNetworks} network (NCHW input, ReLU convolutions without
 * padding, DL4J's flatten, dense ReLU layers, an MSE or softmax head, {@link HeavyBallMomentum}) as
 * im2col matrix products on the network's own arrays: its flat parameters ({@code params()},
 * updated in place) and its momentum buffers ({@code getUpdater().getStateViewArray()}). It gives
 * DL4J's {@code fit} results up to float rounding (the products sum in another order), several
 * times faster: DL4J's CPU convolutions spend most of a step in libnd4j's im2col, col2im and layout
 * copies rather than in the products.
 *
 * <p>Per step, for each convolution: the column matrix of all output positions of the mini-batch
 * (built by Java loops, {@link ConvColumns}), {@code z = col·kernelᵀ} (one product), {@code + b}
 * and ReLU; activations stay channels-last ({@code [rows·positions, channels]}), so later layers'
 * patches are contiguous runs and their kernels are permuted to {@code (ky, kx, c)} order. The last
 * activation is flattened in DL4J's (c, h, w) order for the dense layers and head, which run as
 * DL4J's own operations do ({@link DenseStepBuffers}, {@link DenseHeadLoss}). Backward: {@code
 * dKernel = δᵀ·col}, {@code db = Σ δ}, and below the last layer the column gradient {@code
 * δ·kernel} scattered back by col2im and masked by the ReLU. Then DL4J's updater sequence on the
 * flat gradient: {@code g /= rows; buf = μ·buf + g; g = lr·buf; p −= g}. The network's iteration
 * count and score are updated as {@code fit} updates them.
 *
 * <p>DL4J's parameter layout, which the gradient follows: per convolution the bias, then the kernel
 * {@code [out, in, kH, kW]} c-ordered; per dense layer the weights {@code [in, out]} f-ordered,
 * then the bias. The momentum state has the same layout.
 *
 * <p>Not thread-safe; one stepper per network.
 */
public final class ConvStepper implements TrainingStep {

  private final MultiLayerNetwork net;
  private final DenseHeadLoss head;
  private final int convolutions;
  private final int inputChannels;
  private final int[] channels;
  private final int[] kernelSizes;
  private final int[] strides;
  private final long[] biasOffsets;
  private final long[] flatShape;
  private final long[] denseWidths;
  private final MomentumUpdate update;
  private final INDArray gradient;
  private final NativeFloats gradientCopies;
  private final INDArray[] weightGradients;
  private final INDArray[] biasGradients;
  private final INDArray[] weights;
  private final INDArray[] biases;
  private INDArray params;
  private NativeFloats paramCopies;
  private INDArray momentumBuffer;
  private ConvStepBuffers buffers;

  /**
   * A stepper over {@code net}'s arrays.
   *
   * @throws IllegalArgumentException if {@code net} is not {@linkplain #supports supported}
   */
  public ConvStepper(MultiLayerNetwork net) {
    if (!supports(net)) {
      throw new IllegalArgumentException(
          "ConvStepper needs ReLU convolutions (NCHW, no padding, truncate), a flatten, dense ReLU"
              + " layers, an MSE or softmax head and HeavyBallMomentum: "
              + Arrays.toString(net.getLayers()));
    }
    this.net = net;
    int n = net.getnLayers();
    this.convolutions = convolutionCount(net);
    BaseLayer outputConf = StepperSupport.layerConf(net, n - 1);
    this.head =
        DenseHeadLoss.of(((OutputLayer) outputConf).getLossFn(), outputConf.getActivationFn());
    this.update = MomentumUpdate.of(net);
    this.channels = new int[convolutions];
    this.kernelSizes = new int[convolutions];
    this.strides = new int[convolutions];
    this.biasOffsets = new long[convolutions];
    this.inputChannels = (int) convConf(net, 0).getNIn();
    long offset = 0;
    for (int l = 0; l < convolutions; l++) {
      ConvolutionLayer conv = convConf(net, l);
      channels[l] = (int) conv.getNOut();
      kernelSizes[l] = conv.getKernelSize()[0];
      strides[l] = conv.getStride()[0];
      biasOffsets[l] = offset;
      offset += channels[l] + (long) channels[l] * conv.getNIn() * kernelSizes[l] * kernelSizes[l];
    }
    CnnToFeedForwardPreProcessor flatten = flatten(net, convolutions);
    this.flatShape =
        new long[] {flatten.getNumChannels(), flatten.getInputHeight(), flatten.getInputWidth()};
    int dense = n - convolutions;
    this.denseWidths = new long[dense + 1];
    this.weights = new INDArray[dense];
    this.biases = new INDArray[dense];
    this.weightGradients = new INDArray[dense];
    this.biasGradients = new INDArray[dense];
    this.gradient = Nd4j.create(DataType.FLOAT, net.params().shape(), 'c');
    this.gradientCopies = new NativeFloats(gradient);
    for (int j = 0; j < dense; j++) {
      FeedForwardLayer conf = (FeedForwardLayer) StepperSupport.layerConf(net, convolutions + j);
      long in = conf.getNIn();
      long out = conf.getNOut();
      denseWidths[j] = in;
      denseWidths[j + 1] = out;
      weightGradients[j] = flatView(offset, in * out).reshape('f', in, out);
      biasGradients[j] = flatView(offset + in * out, out).reshape(1, out);
      offset += in * out + out;
    }
    if (offset != gradient.length()) {
      throw new IllegalStateException(
          "ConvStepper: the layers hold "
              + offset
              + " parameters, the network "
              + gradient.length());
    }
    bind();
  }

  /**
   * {@code c = op(a)·op(b)}: straight on oneDNN or CBLAS on ND4J's CPU backend ({@link
   * DenseBlas#product}), through {@code Nd4j.gemm} on any other.
   */
  private static void product(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c) {
    if (DenseBlas.available()) {
      DenseBlas.product(a, transA, b, transB, c);
    } else {
      Nd4j.gemm(a, b, c, transA, transB, 1.0, 0.0);
    }
  }

  /**
   * Whether {@code net} is a network this class steps like {@code fit}: FLOAT; one or more
   * convolutions ({@link ConvolutionLayer} on NCHW input, bias, ReLU, square kernel and stride, no
   * padding or dilation, truncate mode); DL4J's {@link CnnToFeedForwardPreProcessor} (NCHW) as the
   * only input preprocessor, before the first dense layer; one or more dense layers with bias and
   * ReLU; an {@link AwrNetworks} head; no dropout, weight noise, constraints, layer norm, batch
   * norm, regularisation or gradient normalisation; all trained by one {@link HeavyBallMomentum}
   * configuration.
   */
  public static boolean supports(MultiLayerNetwork net) {
    if (!StepperSupport.plainNetwork(net)) {
      return false;
    }
    int n = net.getnLayers();
    int conv = convolutionCount(net);
    if (conv < 1 || n - conv < 2) {
      return false;
    }
    Map<Integer, InputPreProcessor> pre = net.getLayerWiseConfigurations().getInputPreProcessors();
    CnnToFeedForwardPreProcessor flatten = flatten(net, conv);
    if (pre.size() != 1
        || flatten == null
        || flatten.getFormat() != CNN2DFormat.NCHW
        || flatten.getNumChannels() != convConf(net, conv - 1).getNOut()) {
      return false;
    }
    for (int l = conv; l < n - 1; l++) {
      if (!StepperSupport.reluDense(StepperSupport.layerConf(net, l))) {
        return false;
      }
    }
    long features = flatten.getNumChannels() * flatten.getInputHeight() * flatten.getInputWidth();
    return ((FeedForwardLayer) StepperSupport.layerConf(net, conv)).getNIn() == features
        && StepperSupport.head(StepperSupport.layerConf(net, n - 1));
  }

  private static int convolutionCount(MultiLayerNetwork net) {
    int count = 0;
    while (count < net.getnLayers()
        && StepperSupport.reluConvolution(StepperSupport.layerConf(net, count))) {
      count++;
    }
    return count;
  }

  private static ConvolutionLayer convConf(MultiLayerNetwork net, int l) {
    return (ConvolutionLayer) StepperSupport.layerConf(net, l);
  }

  private static CnnToFeedForwardPreProcessor flatten(MultiLayerNetwork net, int layer) {
    return net.getLayerWiseConfigurations().getInputPreProcess(layer)
            instanceof CnnToFeedForwardPreProcessor p
        ? p
        : null;
  }

  /**
   * One step on {@code miniBatch}: features {@code [rows, channels, height, width]} and labels
   * {@code [rows, outputs]}, FLOAT.
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
    ConvStepBuffers b = buffersFor(features, labels);
    if (net.params() != params || MomentumUpdate.stateView(net) != momentumBuffer) {
      bind();
    }
    INDArray input = features;
    if (input.ordering() != 'c' || !NativeFloats.canWrap(input)) {
      input = input.dup('c');
    }
    forwardConvolutions(new NativeFloats(input), b);
    flattenLast(b);
    double score = denseStep(b, labels);
    unflattenGradient(b);
    backwardConvolutions(b);
    long rows = b.rows;
    update.apply(net, params, momentumBuffer, gradient, rows, score);
    return score;
  }

  private void forwardConvolutions(NativeFloats features, ConvStepBuffers b) {
    for (int l = 0; l < convolutions; l++) {
      ConvShape g = b.shapes[l];
      int kernelLength = g.outChannels() * g.columns();
      paramCopies.get(biasOffsets[l] + g.outChannels(), b.kernel, 0, kernelLength);
      if (l == 0) {
        b.kernels[l].put(b.kernel, 0, kernelLength, 0);
      } else {
        ConvColumns.kernelToChannelsLast(b.kernel, 0, g, b.permutedKernel);
        b.kernels[l].put(b.permutedKernel, 0, kernelLength, 0);
      }
      int block = g.positions() * g.columns();
      for (int n = 0; n < b.rows; n++) {
        if (l == 0) {
          features.get((long) n * g.inputSize(), b.sample, 0, g.inputSize());
          ConvColumns.im2colChannelsFirst(b.sample, 0, g, b.sampleColumns);
        } else {
          ConvColumns.im2colChannelsLast(
              b.activations[l - 1], n * g.inputSize(), g, b.sampleColumns);
        }
        b.columns[l].put(b.sampleColumns, 0, block, (long) n * block);
      }
      product(b.columns[l].array(), false, b.kernels[l].array(), true, b.outputs[l].array());
      float[] a = b.activations[l];
      b.outputs[l].get(0, a, 0, a.length);
      paramCopies.get(biasOffsets[l], b.bias, 0, g.outChannels());
      ChannelsLastActivations.addBiasRelu(a, b.bias, g.outChannels());
    }
  }

  /** The last activation, NHWC, into DL4J's flatten order (c, h, w) per sample. */
  private void flattenLast(ConvStepBuffers b) {
    ConvShape g = b.shapes[convolutions - 1];
    int positions = g.positions();
    int c = g.outChannels();
    int features = g.outputSize();
    float[] a = b.activations[convolutions - 1];
    float[] row = b.sampleFeatures;
    for (int n = 0; n < b.rows; n++) {
      int base = n * features;
      ChannelsLastActivations.toChannelsFirst(a, base, positions, c, row);
      b.flat.put(row, 0, features, base);
    }
  }

  /**
   * The dense layers and head as DL4J's own operations, plus the gradient with respect to the
   * flattened features ({@code flatGradient}).
   */
  private double denseStep(ConvStepBuffers b, INDArray labels) {
    DenseStepBuffers d = b.dense;
    int layers = weights.length;
    INDArray input = b.flat.array();
    for (int j = 0; j < layers; j++) {
      input.mmuli(weights[j], d.product(j));
      INDArray z = d.activation(j).assign(d.product(j)).addiRowVector(biases[j]);
      if (j < layers - 1) {
        Nd4j.exec(new RectifiedLinear(z, z));
      }
      input = z;
    }
    INDArray preOutput = d.activation(layers - 1);
    double score = head.score(preOutput, labels, d.headScratch());
    head.gradientInPlace(preOutput, labels, d.headScratch());
    INDArray delta = preOutput;
    for (int j = layers - 1; j >= 0; j--) {
      INDArray layerInput = j == 0 ? b.flat.array() : d.activation(j - 1);
      Nd4j.gemm(layerInput, delta, weightGradients[j], true, false, 1.0, 0.0);
      delta.sum(biasGradients[j], 0);
      if (j > 0) {
        weights[j].mmuli(delta.transpose(), d.inputGradient(j - 1));
        Nd4j.exec(new Step(layerInput, layerInput));
        delta = d.inputGradient(j - 1).transpose().muli(layerInput);
      } else {
        weights[0].mmuli(delta.transpose(), b.flatGradient.array());
      }
    }
    return score;
  }

  /** The flattened features' gradient back to NHWC, masked by the last ReLU: its δ. */
  private void unflattenGradient(ConvStepBuffers b) {
    int last = convolutions - 1;
    ConvShape g = b.shapes[last];
    int positions = g.positions();
    int c = g.outChannels();
    int features = g.outputSize();
    float[] dx = b.gradient;
    float[] row = b.sampleFeatures;
    for (int n = 0; n < b.rows; n++) {
      int base = n * features;
      b.flatGradient.get(base, row, 0, features);
      ChannelsLastActivations.toChannelsLast(row, positions, c, dx, base);
    }
    ChannelsLastActivations.maskAndSumBias(dx, b.activations[last], c, b.biasSums);
    b.outputs[last].put(dx, 0, b.activations[last].length, 0);
  }

  private void backwardConvolutions(ConvStepBuffers b) {
    for (int l = convolutions - 1; l >= 0; l--) {
      ConvShape g = b.shapes[l];
      int out = g.outChannels();
      for (int c = 0; c < out; c++) {
        b.bias[c] = (float) b.biasSums[c];
      }
      gradientCopies.put(b.bias, 0, out, biasOffsets[l]);
      INDArray delta = b.outputs[l].array();
      product(delta, true, b.columns[l].array(), false, b.kernelGradients[l].array());
      int kernelLength = out * g.columns();
      b.kernelGradients[l].get(0, b.kernel, 0, kernelLength);
      long kernelOffset = biasOffsets[l] + out;
      if (l == 0) {
        gradientCopies.put(b.kernel, 0, kernelLength, kernelOffset);
        continue;
      }
      ConvColumns.kernelToChannelsFirst(b.kernel, g, b.permutedKernel, 0);
      gradientCopies.put(b.permutedKernel, 0, kernelLength, kernelOffset);
      // the column matrix is no longer needed: its gradient overwrites it
      product(delta, false, b.kernels[l].array(), false, b.columns[l].array());
      float[] dx = b.gradient;
      float[] below = b.activations[l - 1];
      Arrays.fill(dx, 0, below.length, 0f);
      int block = g.positions() * g.columns();
      for (int n = 0; n < b.rows; n++) {
        b.columns[l].get((long) n * block, b.sampleColumns, 0, block);
        ConvColumns.col2imChannelsLast(b.sampleColumns, g, dx, n * g.inputSize());
      }
      ChannelsLastActivations.maskAndSumBias(dx, below, g.inChannels(), b.biasSums);
      b.outputs[l - 1].put(dx, 0, below.length, 0);
    }
  }

  /** Checks the mini-batch's shapes and returns buffers for its size. */
  private ConvStepBuffers buffersFor(INDArray features, INDArray labels) {
    long rows = features.rank() == 4 ? features.size(0) : -1;
    boolean fits =
        rows >= 1
            && features.size(1) == inputChannels
            && labels.rank() == 2
            && labels.size(0) == rows
            && labels.size(1) == denseWidths[denseWidths.length - 1]
            && features.dataType() == DataType.FLOAT
            && labels.dataType() == DataType.FLOAT;
    if (fits && buffers != null && buffers.fits(rows, features.size(2), features.size(3))) {
      return buffers;
    }
    ConvShape[] shapes = fits ? shapes(features.size(2), features.size(3)) : null;
    if (shapes == null) {
      throw new IllegalArgumentException(
          "ConvStepper: features "
              + Arrays.toString(features.shape())
              + " and labels "
              + Arrays.toString(labels.shape())
              + " (FLOAT) do not fit a network of "
              + inputChannels
              + " input channels, convolutions (channels, kernel, stride) "
              + describeConvolutions()
              + " flattened from "
              + Arrays.toString(flatShape)
              + " and dense widths "
              + Arrays.toString(denseWidths));
    }
    buffers = null; // let the old arrays go before allocating new ones
    buffers = new ConvStepBuffers(rows, shapes, denseWidths);
    return buffers;
  }

  /**
   * The convolutions on {@code height × width} inputs, or null if they do not end at the flatten.
   */
  private ConvShape[] shapes(long height, long width) {
    if (height > Integer.MAX_VALUE || width > Integer.MAX_VALUE) {
      return null;
    }
    ConvShape[] shapes = new ConvShape[convolutions];
    int c = inputChannels;
    int h = (int) height;
    int w = (int) width;
    for (int l = 0; l < convolutions; l++) {
      if (h < kernelSizes[l] || w < kernelSizes[l]) {
        return null;
      }
      shapes[l] = new ConvShape(c, h, w, channels[l], kernelSizes[l], strides[l]);
      c = channels[l];
      h = shapes[l].outHeight();
      w = shapes[l].outWidth();
    }
    return c == flatShape[0] && h == flatShape[1] && w == flatShape[2] ? shapes : null;
  }

  private String describeConvolutions() {
    StringBuilder s = new StringBuilder();
    for (int l = 0; l < convolutions; l++) {
      s.append('(')
          .append(channels[l])
          .append(", ")
          .append(kernelSizes[l])
          .append(", ")
          .append(strides[l])
          .append(')');
    }
    return s.toString();
  }

  /** Takes the network's current parameter and optimiser-state arrays (they may be replaced). */
  private void bind() {
    params = net.params();
    momentumBuffer = MomentumUpdate.stateView(net);
    if (momentumBuffer == null || momentumBuffer.length() != params.length()) {
      throw new IllegalStateException(
          "ConvStepper: the momentum state does not match the " + params.length() + " parameters");
    }
    paramCopies = new NativeFloats(params);
    for (int j = 0; j < weights.length; j++) {
      Layer layer = net.getLayer(convolutions + j);
      weights[j] = layer.getParam("W");
      biases[j] = layer.getParam("b");
    }
  }

  private INDArray flatView(long offset, long length) {
    INDArrayIndex range = NDArrayIndex.interval(offset, offset + length);
    return gradient.rank() == 1 ? gradient.get(range) : gradient.get(NDArrayIndex.point(0), range);
  }
}
