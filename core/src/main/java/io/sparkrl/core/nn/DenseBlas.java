package io.sparkrl.core.nn;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sger;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The BLAS calls of {@link DenseStepper}, made straight on the OpenBLAS that ND4J's CPU backend
 * links (JavaCPP's {@code openblas_nolapack}, the library ND4J's own products call). ND4J's {@code
 * Nd4j.gemm} adds about 35 µs of Java-side work per call (op, shape and context objects) to a 245
 * µs 256×256×256 product; a step makes eight products and a few vector calls, and BLAS's {@code
 * alpha}/{@code beta} fold the bias, the division by the rows and the momentum into them.
 *
 * <p>Layouts: activations and gradients are row-major {@code [rows, width]} (c-ordered); a dense
 * layer's weights are DL4J's column-major {@code [in, out]} view of the flat parameters.
 */
final class DenseBlas {

  private DenseBlas() {}

  /** Whether the arrays live in host memory that OpenBLAS can read (ND4J's CPU backend). */
  static boolean available() {
    return Nd4j.getEnvironment().isCPU();
  }

  /**
   * A pointer to {@code a}'s first element.
   *
   * @throws IllegalArgumentException unless {@code a} is FLOAT and contiguous
   */
  static FloatPointer pointer(INDArray a) {
    if (a.dataType() != DataType.FLOAT || (a.elementWiseStride() != 1 && a.length() > 1)) {
      throw new IllegalArgumentException(
          "a BLAS operand must be a dense FLOAT array, got "
              + a.dataType()
              + " "
              + Arrays.toString(a.shape())
              + " strides "
              + Arrays.toString(a.stride()));
    }
    return new FloatPointer(a.data().addressPointer());
  }

  /** {@code a} itself when it is a dense row-major array owning its buffer, else a copy. */
  static INDArray rowMajor(INDArray a) {
    boolean dense = a.ordering() == 'c' && a.elementWiseStride() == 1 && NativeFloats.canWrap(a);
    return dense ? a : a.dup('c');
  }

  /**
   * {@code z = x·W}: x {@code [rows, in]}, W column-major {@code [in, out]}, z {@code [rows, out]}.
   */
  static void forward(int rows, int in, int out, FloatPointer x, FloatPointer w, FloatPointer z) {
    cblas_sgemm(
        CblasRowMajor, CblasNoTrans, CblasTrans, rows, out, in, 1f, x, in, w, in, 0f, z, out);
  }

  /**
   * {@code z += 1·bᵀ}: the bias row {@code b [out]} added to every row of z {@code [rows, out]}.
   */
  static void addRows(int rows, int out, FloatPointer ones, FloatPointer b, FloatPointer z) {
    cblas_sger(CblasRowMajor, rows, out, 1f, ones, 1, b, 1, z, out);
  }

  /**
   * {@code dW = alpha·xᵀ·δ + beta·dW}: x {@code [rows, in]}, δ {@code [rows, out]}, dW column-major
   * {@code [in, out]}.
   */
  static void weightGradient(
      int rows,
      int in,
      int out,
      float alpha,
      FloatPointer x,
      FloatPointer delta,
      float beta,
      FloatPointer dw) {
    cblas_sgemm(
        CblasColMajor,
        CblasNoTrans,
        CblasTrans,
        in,
        out,
        rows,
        alpha,
        x,
        in,
        delta,
        out,
        beta,
        dw,
        in);
  }

  /** {@code db = alpha·δᵀ·1 + beta·db}: the column sums of δ {@code [rows, out]}. */
  static void biasGradient(
      int rows,
      int out,
      float alpha,
      FloatPointer delta,
      FloatPointer ones,
      float beta,
      FloatPointer db) {
    cblas_sgemv(CblasColMajor, CblasNoTrans, out, rows, alpha, delta, out, ones, 1, beta, db, 1);
  }

  /**
   * {@code dx = δ·Wᵀ}: δ {@code [rows, out]}, W column-major {@code [in, out]}, dx {@code [rows,
   * in]}.
   */
  static void inputGradient(
      int rows, int in, int out, FloatPointer delta, FloatPointer w, FloatPointer dx) {
    cblas_sgemm(
        CblasRowMajor,
        CblasNoTrans,
        CblasNoTrans,
        rows,
        in,
        out,
        1f,
        delta,
        out,
        w,
        in,
        0f,
        dx,
        in);
  }
}
