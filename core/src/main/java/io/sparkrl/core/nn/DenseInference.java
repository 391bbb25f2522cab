package io.sparkrl.core.nn;

import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference-mode output of a dense network with an identity head (the critic) as explicit ND4J
 * operations, equal to {@code output(x, false)} up to float rounding: per layer the product {@code
 * x·W} written straight into an f-ordered array, {@code + b}, ReLU below the head. DL4J's {@code
 * output} does the same arithmetic but copies every product from a temporary f-ordered array into
 * its layer's array, a strided copy that costs about as much as the product itself. The next
 * layer's product then reads an f-ordered operand, for which OpenBLAS may choose another kernel: on
 * AMD Zen the results are the same bits, on Intel's AVX-512 kernels they can differ in the last
 * place. Each layer's output buffer is allocated once, for the largest batch seen, and smaller
 * batches use its front.
 *
 * <p>Not thread-safe; one instance per network.
 */
public final class DenseInference {

  private final MultiLayerNetwork net;
  private final long[] widths;
  private DataBuffer[] buffers;
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
    this.widths = new long[n];
    for (int l = 0; l < n; l++) {
      widths[l] = net.getLayer(l).getParam("W").size(1);
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
   * @return {@code [rows, outputs]}, f-ordered, over a buffer the next call overwrites
   */
  public INDArray output(INDArray input) {
    long rows = input.size(0);
    if (buffers == null || capacity < rows) {
      capacity = rows;
      buffers = new DataBuffer[widths.length];
      for (int l = 0; l < widths.length; l++) {
        buffers[l] = Nd4j.createBuffer(DataType.FLOAT, rows * widths[l], false);
      }
    }
    INDArray x = input;
    for (int l = 0; l < widths.length; l++) {
      // a smaller batch is an f-ordered array over the front of the buffer: still contiguous
      INDArray z =
          Nd4j.create(
              buffers[l],
              new long[] {rows, widths[l]},
              new long[] {1, rows},
              0,
              'f',
              DataType.FLOAT);
      Nd4j.gemm(x, net.getLayer(l).getParam("W"), z, false, false, 1.0, 0.0);
      z.addiRowVector(net.getLayer(l).getParam("b"));
      if (l < widths.length - 1) {
        Nd4j.exec(new RectifiedLinear(z, z));
      }
      x = z;
    }
    return x;
  }
}
