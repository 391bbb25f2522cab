package io.sparkrl.core.nn;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory of {@link DenseStepper}'s steps for one mini-batch size, allocated once: per layer a
 * native row-major activation and output gradient {@code [rows, out]} for the BLAS products, the
 * hidden layers' forward and mask, a column of ones for the bias products, and the head's Java
 * arrays. With oneDNN ({@link OneDnnGemm#enabled}) a hidden layer's forward is one primitive with
 * its bias and ReLU ({@link OneDnnHiddenLayer}; on bf16 products, three calls as on CBLAS), its
 * mask another, in place ({@link OneDnnRelu}), and the backward products that are not thin are
 * primitives too ({@link OneDnnProduct}). Otherwise the ReLU and mask run on Java arrays (one bulk
 * copy each way; over a 256×256 array ≈ 24 and ≈ 27 µs within a step, against 30–85 µs per ND4J op,
 * while a loop over the native buffer itself is not vectorised by the JIT, ≈ 95 µs).
 */
final class BlasStepBuffers {

  private final int rows;
  private final INDArray[] activations;
  private final INDArray[] deltas;
  private final FloatPointer[] activationPointers;
  private final FloatPointer[] deltaPointers;
  private final OneDnnHiddenLayer[] fused;
  private final boolean primitives;
  private final OneDnnProduct[] weightProducts;
  private final OneDnnProduct[] inputProducts;
  private final long[] widths;
  private final FloatBuffer[] activationBuffers;
  private final FloatBuffer[] deltaBuffers;
  private final float[][] hidden;
  private final OneDnnRelu[] relus;
  private final float[] scratch;
  private final float[] headValues;
  private final float[] headLabels;
  private final INDArray ones;
  private final FloatPointer onesPointer;

  /**
   * @param rows rows of the mini-batch
   * @param widths the network's input width followed by each layer's output width
   */
  BlasStepBuffers(int rows, long[] widths) {
    this(rows, widths, OneDnnGemm.enabled());
  }

  /**
   * As above, the hidden layers' forward and mask and the backward products that are not thin on
   * FP32 oneDNN primitives if {@code onednn} (and the products are not bf16), else through {@link
   * DenseBlas#gemm} and Java copies.
   */
  BlasStepBuffers(int rows, long[] widths, boolean onednn) {
    int layers = widths.length - 1;
    this.rows = rows;
    this.widths = widths.clone();
    fused = new OneDnnHiddenLayer[layers];
    primitives = onednn && !OneDnnGemm.bf16();
    weightProducts = new OneDnnProduct[layers];
    inputProducts = new OneDnnProduct[layers];
    activations = new INDArray[layers];
    deltas = new INDArray[layers];
    activationPointers = new FloatPointer[layers];
    deltaPointers = new FloatPointer[layers];
    activationBuffers = new FloatBuffer[layers];
    deltaBuffers = new FloatBuffer[layers];
    hidden = new float[layers][];
    relus = new OneDnnRelu[layers];
    int widest = 0;
    for (int l = 0; l < layers; l++) {
      int out = Math.toIntExact(widths[l + 1]);
      activations[l] = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, out}, 'c');
      deltas[l] = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, out}, 'c');
      activationPointers[l] = DenseBlas.pointer(activations[l]);
      deltaPointers[l] = DenseBlas.pointer(deltas[l]);
      activationBuffers[l] = activations[l].data().asNioFloat();
      deltaBuffers[l] = deltas[l].data().asNioFloat();
      if (l < layers - 1 && onednn) {
        relus[l] = new OneDnnRelu(rows, out, activationPointers[l], deltaPointers[l]);
        if (primitives) {
          fused[l] =
              new OneDnnHiddenLayer(rows, Math.toIntExact(widths[l]), out, activationPointers[l]);
        }
      } else if (l < layers - 1) {
        hidden[l] = new float[Math.multiplyExact(rows, out)];
        widest = Math.max(widest, hidden[l].length);
      }
    }
    scratch = new float[widest];
    int outputs = Math.toIntExact(rows * widths[layers]);
    headValues = new float[outputs];
    headLabels = new float[outputs];
    ones = Nd4j.ones(DataType.FLOAT, rows);
    onesPointer = DenseBlas.pointer(ones);
  }

  int rows() {
    return rows;
  }

  FloatPointer activation(int l) {
    return activationPointers[l];
  }

  /** The gradient of the loss with respect to layer l's output (before its ReLU). */
  FloatPointer delta(int l) {
    return deltaPointers[l];
  }

  /**
   * Hidden layer l's forward, {@code activation(l) = max(x·w + 1·bᵀ, 0)}: w column-major {@code
   * [in, out]}, b {@code [out]}.
   */
  void hiddenForward(int l, FloatPointer x, FloatPointer w, FloatPointer b) {
    if (fused[l] != null) {
      fused[l].forward(x, w, b);
      return;
    }
    int in = Math.toIntExact(widths[l]);
    int out = Math.toIntExact(widths[l + 1]);
    DenseBlas.forward(rows, in, out, x, w, activationPointers[l]);
    DenseBlas.addRows(rows, out, onesPointer, b, activationPointers[l]);
    relu(l);
  }

  FloatPointer ones() {
    return onesPointer;
  }

  /**
   * Layer l's weight gradient into {@code dw} (column-major {@code [in, out]}), {@code dw =
   * alpha·xᵀ·δ + beta·dw} with δ its {@link #delta}: a oneDNN primitive when neither width is thin,
   * else {@link DenseBlas#weightGradient}.
   */
  void weightGradient(int l, float alpha, FloatPointer x, float beta, FloatPointer dw) {
    int in = Math.toIntExact(widths[l]);
    int out = Math.toIntExact(widths[l + 1]);
    if (!primitives || Math.min(in, out) <= DenseBlas.GEMV_MAX_SIDE) {
      DenseBlas.weightGradient(rows, in, out, alpha, x, deltaPointers[l], beta, dw);
      return;
    }
    OneDnnProduct p = weightProducts[l];
    if (p == null || !p.scales(alpha, beta)) {
      // column-major dW = xᵀ·δ is row-major dWᵀ [out, in] = δᵀ·x
      p = new OneDnnProduct(true, false, out, in, rows, alpha, out, in, beta, in);
      weightProducts[l] = p;
    }
    p.run(deltaPointers[l], x, dw);
  }

  /**
   * The gradient at layer l's input (before the previous layer's mask), {@code delta(l - 1) =
   * delta(l)·wᵀ}: w column-major {@code [in, out]}; an FP32 oneDNN primitive unless the rows or the
   * input width are thin or the primitives are off (bf16 or CBLAS products), else {@link
   * DenseBlas#inputGradient}.
   */
  void inputGradient(int l, FloatPointer w) {
    int in = Math.toIntExact(widths[l]);
    int out = Math.toIntExact(widths[l + 1]);
    if (!primitives || Math.min(rows, in) <= DenseBlas.GEMV_MAX_SIDE) {
      DenseBlas.inputGradient(rows, in, out, deltaPointers[l], w, deltaPointers[l - 1]);
      return;
    }
    if (inputProducts[l] == null) {
      inputProducts[l] = new OneDnnProduct(false, false, rows, in, out, 1f, out, in, 0f, in);
    }
    inputProducts[l].run(deltaPointers[l], w, deltaPointers[l - 1]);
  }

  /**
   * ReLU over hidden layer l's activation (on the Java path, its copy is kept for {@link
   * #maskDelta}).
   */
  void relu(int l) {
    if (relus[l] != null) {
      relus[l].relu();
      return;
    }
    float[] a = hidden[l];
    activationBuffers[l].get(0, a, 0, a.length);
    ChannelsLastActivations.relu(a, a.length);
    activationBuffers[l].put(0, a, 0, a.length);
  }

  /** Zeroes the gradient at hidden layer l's output where its ReLU was off. */
  void maskDelta(int l) {
    if (relus[l] != null) {
      relus[l].mask();
      return;
    }
    float[] a = hidden[l];
    int n = a.length;
    deltaBuffers[l].get(0, scratch, 0, n);
    ChannelsLastActivations.reluMask(scratch, a, n);
    deltaBuffers[l].put(0, scratch, 0, n);
  }

  /**
   * The head: adds {@code bias} to the output layer's products, scores them against {@code labels}
   * and writes the gradient to the output layer's {@link #delta}.
   *
   * @param labels {@code [rows, outputs]} labels as a direct buffer in row-major order
   * @return the mini-batch's score
   */
  double head(DenseHeadLoss loss, FloatBuffer labels, float[] bias) {
    int last = activations.length - 1;
    int n = headValues.length;
    activationBuffers[last].get(0, headValues, 0, n);
    labels.get(0, headLabels, 0, n);
    double score = loss.scoreAndGradient(headValues, bias, headLabels, rows, n / Math.max(1, rows));
    deltaBuffers[last].put(0, headValues, 0, n);
    return score;
  }
}
