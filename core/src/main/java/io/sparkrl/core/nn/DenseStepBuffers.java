package io.sparkrl.core.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays of {@link ConvStepper}'s dense layers for one mini-batch size, allocated once: per
 * layer the f-ordered product {@code x·W} (DL4J's matrix product writes f-order), the c-ordered
 * activation (DL4J's layout), and, below the head, the f-ordered {@code W·δᵀ} whose transpose is
 * the gradient with respect to the layer's input.
 */
final class DenseStepBuffers {

  private final long rows;
  private final INDArray[] products;
  private final INDArray[] activations;
  private final INDArray[] inputGradients;
  private final DenseHeadLoss.Scratch headScratch;

  /**
   * @param rows rows of the mini-batch
   * @param widths the network's input width followed by each layer's output width
   */
  DenseStepBuffers(long rows, long[] widths) {
    int layers = widths.length - 1;
    this.rows = rows;
    this.products = new INDArray[layers];
    this.activations = new INDArray[layers];
    this.inputGradients = new INDArray[layers];
    for (int l = 0; l < layers; l++) {
      long out = widths[l + 1];
      products[l] = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, out}, 'f');
      activations[l] = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, out}, 'c');
      inputGradients[l] = Nd4j.createUninitialized(DataType.FLOAT, new long[] {out, rows}, 'f');
    }
    this.headScratch = new DenseHeadLoss.Scratch(rows, widths[layers]);
  }

  long rows() {
    return rows;
  }

  /** {@code [rows, out_l]}, f-ordered. */
  INDArray product(int l) {
    return products[l];
  }

  /** {@code [rows, out_l]}, c-ordered: pre-activation, then activation, then its ReLU mask. */
  INDArray activation(int l) {
    return activations[l];
  }

  /** {@code [out_l, rows]}, f-ordered: the transpose of the gradient at layer l's output. */
  INDArray inputGradient(int l) {
    return inputGradients[l];
  }

  DenseHeadLoss.Scratch headScratch() {
    return headScratch;
  }
}
