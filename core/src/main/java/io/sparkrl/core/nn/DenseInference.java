package io.sparkrl.core.nn;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Inference-mode output of a dense network with an identity head (the critic), equal to {@code
 * output(x, false)} up to float rounding, and a row's output the same floats whatever batch it came
 * in (with oneDNN's products, on at least {@link DenseBlas#INFERENCE_MIN_ROWS} rows: a smaller
 * batch is padded), so that stage 1's values do not depend on how episodes were grouped: per layer
 * {@code z = x·W + 1·bᵀ} as the BLAS calls ({@link DenseBlas}: one product and one rank-1 update,
 * row-major, no ND4J op objects), ReLU below the head in place on oneDNN ({@link OneDnnRelu}), or
 * on a Java copy without it. DL4J's {@code output} does the same arithmetic but copies every
 * product from a temporary f-ordered array into its layer's array, a strided copy that costs about
 * as much as the product itself. Each layer's buffers are allocated once, for the largest batch
 * seen, and smaller batches use their front.
 *
 * <p>CPU backend only; not thread-safe; one instance per network.
 */
public final class DenseInference {

  /** Rows per step of the sizes the in-place ReLU primitives are built for. */
  private static final int RELU_ROWS = 256;

  private final MultiLayerNetwork net;
  private final long[] widths;
  private INDArray[] outputs;
  private FloatPointer[] pointers;
  private FloatBuffer[] values;
  private float[] scratch;
  private final boolean inPlace = OneDnnGemm.enabled();
  private List<Map<Integer, OneDnnRelu>> relus;
  private INDArray ones;
  private INDArray padded;
  private long capacity;

  /**
   * @throws IllegalArgumentException if {@code net} is not {@linkplain #supports supported}
   */
  public DenseInference(MultiLayerNetwork net) {
    if (!supports(net)) {
      throw new IllegalArgumentException(
          "DenseInference needs a network DenseStepper supports with an identity head");
    }
    this.net = net;
    int n = net.getnLayers();
    this.widths = new long[n + 1];
    widths[0] = net.getLayer(0).getParam("W").size(0);
    for (int l = 0; l < n; l++) {
      widths[l + 1] = net.getLayer(l).getParam("W").size(1);
    }
  }

  /** Whether {@code net} is a {@link DenseStepper} network whose head is the identity. */
  public static boolean supports(MultiLayerNetwork net) {
    return DenseStepper.supports(net)
        && net.getLayer(net.getnLayers() - 1).conf().getLayer() instanceof OutputLayer o
        && o.getActivationFn() instanceof ActivationIdentity;
  }

  /**
   * The network's output for {@code input} {@code [rows, inputs]} (FLOAT).
   *
   * @return {@code [rows, outputs]}, row-major, over a buffer the next call overwrites
   */
  public INDArray output(INDArray input) {
    int rows = Math.toIntExact(input.size(0));
    if (input.rank() != 2 || input.size(1) != widths[0]) {
      throw new IllegalArgumentException(
          "DenseInference: input of shape "
              + Arrays.toString(input.shape())
              + " for a network of "
              + widths[0]
              + " inputs");
    }
    int computed = Math.max(rows, DenseBlas.INFERENCE_MIN_ROWS);
    allocate(computed);
    int layers = widths.length - 1;
    FloatPointer x = DenseBlas.pointer(computed == rows ? DenseBlas.rowMajor(input) : pad(input));
    for (int l = 0; l < layers; l++) {
      int in = (int) widths[l];
      int out = (int) widths[l + 1];
      FloatPointer z = pointers[l];
      DenseBlas.inferenceForward(
          computed, in, out, x, DenseBlas.pointer(net.getLayer(l).getParam("W")), z);
      DenseBlas.addRows(
          computed,
          out,
          DenseBlas.pointer(ones),
          DenseBlas.pointer(net.getLayer(l).getParam("b")),
          z);
      if (l < layers - 1 && inPlace) {
        relu(l, computed, out).relu();
      } else if (l < layers - 1) {
        int n = computed * out;
        values[l].get(0, scratch, 0, n);
        ChannelsLastActivations.relu(scratch, n);
        values[l].put(0, scratch, 0, n);
      }
      x = z;
    }
    INDArray last = outputs[layers - 1];
    return rows == capacity ? last : last.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
  }

  /** {@code input}'s rows, then zero rows up to {@link DenseBlas#INFERENCE_MIN_ROWS}. */
  private INDArray pad(INDArray input) {
    if (padded == null) {
      padded = Nd4j.zeros(DataType.FLOAT, DenseBlas.INFERENCE_MIN_ROWS, widths[0]);
    }
    padded.assign(0);
    padded.get(NDArrayIndex.interval(0, input.size(0)), NDArrayIndex.all()).assign(input);
    return padded;
  }

  /**
   * Layer l's in-place ReLU over at least {@code rows} rows: row counts are rounded up to a
   * multiple of {@link #RELU_ROWS} (within the buffer), so that a round's varied chunk sizes share
   * a few primitives; the rows past {@code rows} are not read.
   */
  private OneDnnRelu relu(int l, int rows, int width) {
    int bucket = (int) Math.min(capacity, (rows + RELU_ROWS - 1) / RELU_ROWS * RELU_ROWS);
    return relus.get(l).computeIfAbsent(bucket, r -> OneDnnRelu.forwardOnly(r, width, pointers[l]));
  }

  private void allocate(int rows) {
    if (outputs != null && capacity >= rows) {
      return;
    }
    capacity = rows;
    int layers = widths.length - 1;
    outputs = new INDArray[layers];
    pointers = new FloatPointer[layers];
    values = new FloatBuffer[layers];
    long widest = 0;
    for (int l = 0; l < layers; l++) {
      outputs[l] = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, widths[l + 1]}, 'c');
      pointers[l] = DenseBlas.pointer(outputs[l]);
      values[l] = outputs[l].data().asNioFloat();
      widest = Math.max(widest, rows * widths[l + 1]);
    }
    scratch = inPlace ? null : new float[Math.toIntExact(widest)];
    relus = new ArrayList<>(layers);
    for (int l = 0; l < layers; l++) {
      relus.add(new HashMap<>());
    }
    ones = Nd4j.ones(DataType.FLOAT, rows);
  }
}
