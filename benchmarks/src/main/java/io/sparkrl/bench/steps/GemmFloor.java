package io.sparkrl.bench.steps;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The matrix products of one SGD step of a network, on preallocated FLOAT arrays: the floor a step
 * cannot go below on this BLAS. For each layer, the forward product, the weight-gradient product
 * and (except for the first layer, whose input needs no gradient) the input-gradient product.
 * Convolutions count as their im2col GEMMs: a {@code [N·H'·W', C·k·k]} column matrix times the
 * {@code [C·k·k, C']} kernel, {@code colᵀ·δ} for the kernel gradient and {@code δ·kernelᵀ} for the
 * column gradient; the im2col/col2im copies themselves are not part of the floor.
 */
public final class GemmFloor {

  private final List<Product> products = new ArrayList<>();
  private long flops;

  private record Product(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB) {}

  private GemmFloor() {}

  /**
   * The products of a dense stack: {@code widths[0]} inputs, then one entry per layer's width.
   *
   * @param batch rows of the mini-batch
   * @param widths input width followed by each layer's output width
   */
  public static GemmFloor dense(int batch, int... widths) {
    GemmFloor floor = new GemmFloor();
    floor.addDense(batch, widths, true);
    return floor;
  }

  /**
   * The products of a convolutional encoder (no padding, square kernels) followed by dense layers.
   *
   * @param batch rows of the mini-batch
   * @param channels input channels
   * @param size input height and width
   * @param filters {@code {outChannels, kernel, stride}} per convolution
   * @param dense widths of the dense layers after the flatten
   */
  public static GemmFloor conv(int batch, int channels, int size, int[][] filters, int... dense) {
    GemmFloor floor = new GemmFloor();
    int c = channels;
    int h = size;
    boolean first = true;
    for (int[] f : filters) {
      int out = (h - f[1]) / f[2] + 1;
      int rows = batch * out * out;
      int k = c * f[1] * f[1];
      floor.addLayer(rows, k, f[0], first);
      first = false;
      c = f[0];
      h = out;
    }
    int[] widths = new int[dense.length + 1];
    widths[0] = c * h * h;
    System.arraycopy(dense, 0, widths, 1, dense.length);
    floor.addDense(batch, widths, false);
    return floor;
  }

  /** Floating-point operations of one {@link #run}. */
  public long flops() {
    return flops;
  }

  /** Runs every product once. */
  public void run() {
    for (Product p : products) {
      Nd4j.gemm(p.a, p.b, p.c, p.transA, p.transB, 1.0, 0.0);
    }
  }

  private void addDense(int batch, int[] widths, boolean firstIsInput) {
    for (int i = 0; i + 1 < widths.length; i++) {
      addLayer(batch, widths[i], widths[i + 1], firstIsInput && i == 0);
    }
  }

  /** y = x·W, dW = xᵀ·δ and, unless the layer is the first, dx = δ·Wᵀ. */
  private void addLayer(int rows, int in, int out, boolean first) {
    INDArray x = random(rows, in);
    INDArray w = random(in, out);
    INDArray delta = random(rows, out);
    products.add(new Product(x, w, Nd4j.create(DataType.FLOAT, rows, out), false, false));
    products.add(new Product(x, delta, Nd4j.create(DataType.FLOAT, in, out), true, false));
    flops += 4L * rows * in * out;
    if (!first) {
      products.add(new Product(delta, w, Nd4j.create(DataType.FLOAT, rows, in), false, true));
      flops += 2L * rows * in * out;
    }
  }

  private static INDArray random(int rows, int cols) {
    return Nd4j.rand(DataType.FLOAT, rows, cols).subi(0.5);
  }
}
