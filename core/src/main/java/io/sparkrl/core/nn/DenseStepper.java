package io.sparkrl.core.nn;

import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One SGD step of a dense {@link AwrNetworks} network (vector input, ReLU hidden layers, no batch
 * norm, an MSE or softmax head, {@link HeavyBallMomentum}) on the network's own arrays: its flat
 * parameters ({@code params()}, updated in place) and its momentum buffers ({@code
 * getUpdater().getStateViewArray()}). It gives DL4J's {@code fit} results up to float rounding (the
 * products and sums run in other orders), with the fewest native calls a step allows: the products
 * go straight to oneDNN or OpenBLAS ({@link DenseBlas}); a hidden layer's forward is one oneDNN
 * matmul with its bias and ReLU fused, or a product, a rank-1 bias update and the ReLU, and a wide
 * layer's backward products are compiled oneDNN primitives ({@link OneDnnProduct}); the gradient
 * products write straight into the momentum buffers, the division by the rows as their {@code
 * alpha} and the momentum's decay as their {@code beta}; the ReLU's mask is one oneDNN primitive or
 * a loop on Java copies ({@link BlasStepBuffers}); the small head runs in Java ({@link
 * DenseHeadLoss}) and the parameters' update is one {@code saxpy} over the flat arrays (a Java pass
 * on every {@link #FLUSH_EVERY}th step).
 *
 * <p>Per step, with {@code n} rows: forward {@code z = x·W + 1·bᵀ}, ReLU; the head's score and
 * gradient δ; backward, from the head down, DL4J's HeavyBallMomentum {@code buf = μ·buf + g} with
 * {@code g_b = δᵀ·1/n} and {@code g_W = xᵀ·δ/n}, and {@code δ_prev = δ·Wᵀ ⊙ [a_prev > 0]}; then
 * {@code p −= lr·buf}. The first layer's input gradient is not computed. The network's iteration
 * count and score are updated as {@code fit} updates them.
 *
 * <p>CPU backend only (the arrays must be host memory); not thread-safe; one stepper per network.
 */
public final class DenseStepper implements TrainingStep {

  /** Steps between two updates by the Java pass that flushes subnormal momenta. */
  static final int FLUSH_EVERY = 16;

  private final MultiLayerNetwork net;
  private final DenseHeadLoss head;
  private final long[] widths;
  private final long[] weightOffsets;
  private final long[] biasOffsets;
  private final MomentumUpdate update;
  private final float[] outputBias;
  private final FloatPointer[] weights;
  private final FloatPointer[] biases;
  private final FloatPointer[] weightMomenta;
  private final FloatPointer[] biasMomenta;
  private INDArray params;
  private INDArray momentumBuffer;
  private FloatPointer paramsPointer;
  private FloatPointer momentumPointer;
  private FloatBuffer paramValues;
  private FloatBuffer momentumValues;
  private float[] paramCopy;
  private float[] momentumCopy;
  private BlasStepBuffers buffers;

  /**
   * A stepper over {@code net}'s arrays.
   *
   * @throws IllegalArgumentException if {@code net} is not {@linkplain #supports supported}
   */
  public DenseStepper(MultiLayerNetwork net) {
    if (!supports(net)) {
      throw new IllegalArgumentException(
          "DenseStepper needs dense ReLU layers, an MSE or softmax head, HeavyBallMomentum and"
              + " ND4J's CPU backend: "
              + Arrays.toString(net.getLayers()));
    }
    this.net = net;
    int n = net.getnLayers();
    BaseLayer outputConf = layerConf(net, n - 1);
    this.head =
        DenseHeadLoss.of(((OutputLayer) outputConf).getLossFn(), outputConf.getActivationFn());
    this.update = MomentumUpdate.of(net);
    this.widths = new long[n + 1];
    this.weightOffsets = new long[n];
    this.biasOffsets = new long[n];
    this.weights = new FloatPointer[n];
    this.biases = new FloatPointer[n];
    this.weightMomenta = new FloatPointer[n];
    this.biasMomenta = new FloatPointer[n];
    long offset = 0;
    for (int l = 0; l < n; l++) {
      FeedForwardLayer conf = (FeedForwardLayer) layerConf(net, l);
      long in = conf.getNIn();
      long out = conf.getNOut();
      widths[l] = in;
      widths[l + 1] = out;
      weightOffsets[l] = offset;
      biasOffsets[l] = offset + in * out;
      offset += in * out + out;
    }
    this.outputBias = new float[Math.toIntExact(widths[n])];
    bind();
  }

  /**
   * Whether {@code net} is a network this class steps like {@code fit}: FLOAT, no input
   * preprocessors, dense layers with bias and ReLU (no dropout, weight noise, constraints, layer
   * norm, regularisation or gradient normalisation) ending in an {@link AwrNetworks} head, all
   * trained by one {@link HeavyBallMomentum} configuration, on ND4J's CPU backend.
   */
  public static boolean supports(MultiLayerNetwork net) {
    if (!DenseBlas.available()
        || !StepperSupport.plainNetwork(net)
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

  /**
   * As {@link #fit(DataSet)}; the update is one OpenBLAS {@code saxpy}, except on every {@link
   * #FLUSH_EVERY}th step, whose Java pass also drives subnormal momenta to zero ({@link
   * #applyMomentum}).
   */
  @Override
  public double fit(DataSet miniBatch, int step) {
    return step(miniBatch.getFeatures(), miniBatch.getLabels(), step % FLUSH_EVERY == 0);
  }

  /** As {@link #fit(DataSet)} with the features and labels given separately. */
  public double step(INDArray features, INDArray labels) {
    return step(features, labels, true);
  }

  private double step(INDArray features, INDArray labels, boolean flush) {
    int layers = weights.length;
    if (features.rank() != 2
        || features.size(1) != widths[0]
        || labels.rank() != 2
        || labels.size(0) != features.size(0)
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
    int rows = Math.toIntExact(features.size(0));
    if (buffers == null || buffers.rows() != rows) {
      buffers = new BlasStepBuffers(rows, widths);
    }
    BlasStepBuffers b = buffers;
    FloatPointer x = DenseBlas.pointer(DenseBlas.rowMajor(features));
    FloatPointer input = x;
    for (int l = 0; l < layers; l++) {
      if (l < layers - 1) {
        b.hiddenForward(l, input, weights[l], biases[l]);
      } else {
        DenseBlas.forward(rows, width(l), width(l + 1), input, weights[l], b.activation(l));
      }
      input = b.activation(l);
    }
    paramValues.get(Math.toIntExact(biasOffsets[layers - 1]), outputBias, 0, outputBias.length);
    double score = b.head(head, DenseBlas.rowMajor(labels).data().asNioFloat(), outputBias);
    float perRow = 1f / rows;
    float momentum = (float) update.momentum();
    for (int l = layers - 1; l >= 0; l--) {
      FloatPointer layerInput = l == 0 ? x : b.activation(l - 1);
      DenseBlas.biasGradient(
          rows, width(l + 1), perRow, b.delta(l), b.ones(), momentum, biasMomenta[l]);
      b.weightGradient(l, perRow, layerInput, momentum, weightMomenta[l]);
      if (l > 0) {
        b.inputGradient(l, weights[l]);
        b.maskDelta(l - 1);
      }
    }
    if (flush) {
      applyMomentum((float) update.learningRate());
    } else {
      cblas_saxpy(
          paramCopy.length, (float) -update.learningRate(), momentumPointer, 1, paramsPointer, 1);
    }
    MomentumUpdate.countStep(net, score);
    return score;
  }

  /**
   * The second half of DL4J's HeavyBallMomentum, {@code p −= lr·buf}, on a momentum the gradient
   * products already made {@code buf = μ·buf + g} ({@code beta = μ}), in one Java pass that also
   * drives subnormal momenta to zero. The momentum of a weight whose gradient stays zero (a dead
   * ReLU unit) decays by μ each step into the subnormal range, where every operation that touches
   * it takes a microcode assist ({@code saxpy} over 67k such values takes ≈ 175 µs instead of ≈ 6
   * µs), and it would stay there for about 150 steps. Multiplying by {@code min(|v|·2¹²⁶, 1)}
   * leaves every normal float as it is and squares a subnormal one away within a few steps, in a
   * loop the JIT vectorises (≈ 12 µs over 67k values; a sign-bit flush is not vectorised, ≈ 57 µs).
   * Values below 2⁻¹²⁶ change nothing a float parameter can hold. With its four copies between the
   * native and the Java arrays the pass costs several times the one {@code saxpy} of the other
   * steps, so it runs on every {@link #FLUSH_EVERY}th step only: a momentum that turns subnormal
   * stays so for at most that many steps instead of about 150.
   */
  private void applyMomentum(float learningRate) {
    int n = paramCopy.length;
    float[] p = paramCopy;
    float[] m = momentumCopy;
    paramValues.get(0, p, 0, n);
    momentumValues.get(0, m, 0, n);
    for (int i = 0; i < n; i++) {
      float v = m[i];
      v *= Math.min(Math.abs(v) * 0x1p126f, 1f);
      m[i] = v;
      p[i] -= learningRate * v;
    }
    momentumValues.put(0, m, 0, n);
    paramValues.put(0, p, 0, n);
  }

  private int width(int l) {
    return (int) widths[l];
  }

  /** Takes the network's current parameter and optimiser-state arrays (they may be replaced). */
  private void bind() {
    params = net.params();
    momentumBuffer = MomentumUpdate.stateView(net);
    if (momentumBuffer == null || momentumBuffer.length() != params.length()) {
      throw new IllegalStateException(
          "DenseStepper: the momentum state does not match the " + params.length() + " parameters");
    }
    if (!NativeFloats.canWrap(params)) {
      throw new IllegalStateException("DenseStepper: the network's parameters are not one buffer");
    }
    paramsPointer = DenseBlas.pointer(params);
    if (!NativeFloats.canWrap(momentumBuffer)) {
      throw new IllegalStateException("DenseStepper: the momentum state is not one buffer");
    }
    momentumPointer = DenseBlas.pointer(momentumBuffer);
    paramValues = params.data().asNioFloat();
    momentumValues = momentumBuffer.data().asNioFloat();
    if (paramCopy == null || paramCopy.length != params.length()) {
      paramCopy = new float[Math.toIntExact(params.length())];
      momentumCopy = new float[paramCopy.length];
    }
    for (int l = 0; l < weights.length; l++) {
      weights[l] = at(paramsPointer, weightOffsets[l]);
      biases[l] = at(paramsPointer, biasOffsets[l]);
      weightMomenta[l] = at(momentumPointer, weightOffsets[l]);
      biasMomenta[l] = at(momentumPointer, biasOffsets[l]);
    }
  }

  private static FloatPointer at(FloatPointer base, long offset) {
    return new FloatPointer(base).position(offset);
  }
}
