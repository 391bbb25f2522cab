package io.sparkrl.core.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays of {@link ConvStepper}'s steps for one mini-batch size and input size, allocated once.
 * Native (ND4J) arrays hold what the matrix products read and write; Java arrays hold what the
 * im2col/col2im loops, bias, ReLU and flatten read and write; {@link NativeFloats} copy between the
 * two in bulk. Per convolution {@code l} with {@code R_l = rows·positions_l} rows:
 *
 * <ul>
 *   <li>{@code columns[l]}: {@code [R_l, columns_l]}, the im2col matrix, later overwritten by its
 *       gradient (once the kernel gradient has been computed from it);
 *   <li>{@code outputs[l]}: {@code [R_l, outChannels_l]}, the pre-activation {@code col·kernelᵀ},
 *       later the gradient at the pre-activation (δ);
 *   <li>{@code kernels[l]}, {@code kernelGradients[l]}: {@code [outChannels_l, columns_l]} in the
 *       column matrix's patch order;
 *   <li>{@code activations[l]} (Java): the layer's ReLU output, {@code R_l × outChannels_l} NHWC.
 * </ul>
 *
 * <p>All native arrays are c-ordered except {@code flatGradient}, {@code [features, rows]}
 * f-ordered: the layout of the c-ordered {@code [rows, features]} gradient of the flattened
 * features, written by a product the way {@link DenseStepBuffers#inputGradient} is.
 */
final class ConvStepBuffers {

  final long rows;
  final ConvShape[] shapes;
  final NativeFloats[] columns;
  final NativeFloats[] outputs;
  final NativeFloats[] kernels;
  final NativeFloats[] kernelGradients;
  final float[][] activations;

  /** {@code [rows, features]}: the flattened last activation in DL4J's (c, h, w) order. */
  final NativeFloats flat;

  /** {@code [features, rows]} f-ordered (see the class comment). */
  final NativeFloats flatGradient;

  /** The dense layers' and head's arrays. */
  final DenseStepBuffers dense;

  /** One input sample, NCHW. */
  final float[] sample;

  /** One sample's column matrix (of the largest layer). */
  final float[] sampleColumns;

  /** One sample's flattened features. */
  final float[] sampleFeatures;

  /** The NHWC gradient at one layer's output, for the whole mini-batch (largest layer). */
  final float[] gradient;

  /** One kernel as read from the parameters, and permuted (largest layer). */
  final float[] kernel;

  final float[] permutedKernel;

  /** One layer's bias, and its gradient summed over the rows. */
  final float[] bias;

  final double[] biasSums;

  /**
   * @param rows rows of the mini-batch
   * @param shapes the convolutions on this input size
   * @param denseWidths the flattened features, then each dense layer's and the head's width
   * @throws IllegalArgumentException if an array would exceed 2³¹ elements
   */
  ConvStepBuffers(long rows, ConvShape[] shapes, long[] denseWidths) {
    int n = shapes.length;
    this.rows = rows;
    this.shapes = shapes.clone();
    this.columns = new NativeFloats[n];
    this.outputs = new NativeFloats[n];
    this.kernels = new NativeFloats[n];
    this.kernelGradients = new NativeFloats[n];
    this.activations = new float[n][];
    int maxColumns = 0;
    int maxKernel = 0;
    int maxOutput = 0;
    int maxChannels = 0;
    for (int l = 0; l < n; l++) {
      ConvShape g = shapes[l];
      long r = rows * g.positions();
      columns[l] = new NativeFloats(matrix(r, g.columns(), 'c'));
      outputs[l] = new NativeFloats(matrix(r, g.outChannels(), 'c'));
      kernels[l] = new NativeFloats(matrix(g.outChannels(), g.columns(), 'c'));
      kernelGradients[l] = new NativeFloats(matrix(g.outChannels(), g.columns(), 'c'));
      activations[l] = new float[javaLength(rows, g.outputSize())];
      maxColumns = Math.max(maxColumns, g.positions() * g.columns());
      maxKernel = Math.max(maxKernel, g.outChannels() * g.columns());
      maxOutput = Math.max(maxOutput, activations[l].length);
      maxChannels = Math.max(maxChannels, g.outChannels());
    }
    long features = denseWidths[0];
    this.flat = new NativeFloats(matrix(rows, features, 'c'));
    this.flatGradient = new NativeFloats(matrix(features, rows, 'f'));
    this.dense = new DenseStepBuffers(rows, denseWidths);
    this.sample = new float[shapes[0].inputSize()];
    this.sampleColumns = new float[maxColumns];
    this.sampleFeatures = new float[(int) features];
    this.gradient = new float[maxOutput];
    this.kernel = new float[maxKernel];
    this.permutedKernel = new float[maxKernel];
    this.bias = new float[maxChannels];
    this.biasSums = new double[maxChannels];
  }

  /** Whether these buffers are for {@code rows} rows of {@code height × width} inputs. */
  boolean fits(long rows, long height, long width) {
    return this.rows == rows && shapes[0].inHeight() == height && shapes[0].inWidth() == width;
  }

  private static INDArray matrix(long rows, long cols, char order) {
    return Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, cols}, order);
  }

  private static int javaLength(long rows, int perRow) {
    long length = rows * perRow;
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "ConvStepper: a mini-batch of "
              + rows
              + " rows needs arrays of "
              + length
              + " values, more than a Java array holds");
    }
    return (int) length;
  }
}
