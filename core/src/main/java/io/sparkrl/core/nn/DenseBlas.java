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
 * The BLAS calls of {@link DenseStepper}: the matrix products on oneDNN ({@link OneDnnGemm}, or
 * {@link OneDnnBf16Gemm} when opted in) or else, like the vector calls, straight on the OpenBLAS
 * that ND4J's CPU backend links (JavaCPP's {@code openblas_nolapack}, the library ND4J's own
 * products call). The steps' thin products (the heads and the input layer) run as {@code sgemv}
 * calls ({@link #GEMV_MAX_SIDE}); a prediction's products all run on oneDNN ({@link
 * #INFERENCE_MIN_ROWS}). ND4J's {@code Nd4j.gemm} adds about 35 µs of Java-side work per call (op,
 * shape and context objects) to a 245 µs 256×256×256 product; a step makes eight products and a few
 * vector calls, and BLAS's {@code alpha}/{@code beta} fold the bias, the division by the rows and
 * the momentum into them.
 *
 * <p>Layouts: activations and gradients are row-major {@code [rows, width]} (c-ordered); a dense
 * layer's weights are DL4J's column-major {@code [in, out]} view of the flat parameters.
 */
final class DenseBlas {

  /**
   * The widest m or n of an SGD step's product that runs as that many matrix-vector products
   * ({@link #thinProduct}): the heads' and the input layer's products (a side of 1, 2 or 4), which
   * take 25–44 µs each as one {@code sgemm} of ND4J's OpenBLAS 0.3.19 on the AMD EPYC VM and 4–28
   * µs on oneDNN, against 3–4 µs per {@code sgemv} (docs/benchmarks.md, "Thin products").
   */
  static final int GEMV_MAX_SIDE = 4;

  /**
   * The smallest m, n and k of an SGD step's products that take bf16 inputs under {@code
   * onednn-bf16}; a thinner one stays FP32.
   */
  static final int BF16_MIN_DIMENSION = 32;

  /**
   * The fewest rows a prediction's products run on. With 16 rows or more, oneDNN's FP32 products
   * give a row the same floats whatever the row count and the row's place in the batch (measured on
   * the AMD EPYC VM for 16 to 700 rows, shifted starts and 1 and 2 threads); with 1 or 4 rows its
   * gemv kernels round differently. ND4J's OpenBLAS 0.3.19 on that CPU rounds a row differently by
   * its place even at a fixed row count, so a critic's values would depend on how Spark's
   * partitions grouped the episodes.
   */
  static final int INFERENCE_MIN_ROWS = 16;

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
    gemm(true, false, true, rows, out, in, 1f, x, in, w, in, 0f, z, out);
  }

  /**
   * {@link #forward} for predictions: FP32 whatever {@code -Dsparkrl.gemm} says, and every product
   * on oneDNN when it is on, so that with at least {@link #INFERENCE_MIN_ROWS} rows a row's outputs
   * do not depend on the batch it came in.
   */
  static void inferenceForward(
      int rows, int in, int out, FloatPointer x, FloatPointer w, FloatPointer z) {
    if (OneDnnGemm.enabled()) {
      OneDnnGemm.rowMajor(false, true, rows, out, in, 1f, x, in, w, in, 0f, z, out);
    } else {
      gemm(false, false, true, rows, out, in, 1f, x, in, w, in, 0f, z, out);
    }
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
    // column-major dW = xᵀ·δ is row-major dWᵀ [out, in] = δᵀ·x
    gemm(true, true, false, out, in, rows, alpha, delta, out, x, in, beta, dw, in);
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
    gemm(true, false, false, rows, in, out, 1f, delta, out, w, in, 0f, dx, in);
  }

  /**
   * {@code c = op(a)·op(b)} for dense row-major matrices (ConvStepper's im2col products), as {@code
   * Nd4j.gemm(a, b, c, transA, transB, 1, 0)}.
   *
   * @throws IllegalArgumentException unless all three are dense c-ordered FLOAT matrices whose
   *     shapes fit
   */
  static void product(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c) {
    for (INDArray x : new INDArray[] {a, b, c}) {
      if (x.rank() != 2 || x.ordering() != 'c') {
        throw new IllegalArgumentException(
            "a row-major product needs c-ordered matrices, got " + Arrays.toString(x.shape()));
      }
    }
    int m = Math.toIntExact(c.size(0));
    int n = Math.toIntExact(c.size(1));
    int k = Math.toIntExact(transA ? a.size(0) : a.size(1));
    if ((transA ? a.size(1) : a.size(0)) != m
        || (transB ? b.size(1) : b.size(0)) != k
        || (transB ? b.size(0) : b.size(1)) != n) {
      throw new IllegalArgumentException(
          "product shapes do not fit: "
              + Arrays.toString(a.shape())
              + (transA ? "ᵀ" : "")
              + " · "
              + Arrays.toString(b.shape())
              + (transB ? "ᵀ" : "")
              + " -> "
              + Arrays.toString(c.shape()));
    }
    gemm(
        true,
        transA,
        transB,
        m,
        n,
        k,
        1f,
        pointer(a),
        (int) a.size(1),
        pointer(b),
        (int) b.size(1),
        0f,
        pointer(c),
        n);
  }

  /**
   * {@code C = alpha·op(A)·op(B) + beta·C}, row-major, on oneDNN (or CBLAS when it is off); in the
   * SGD steps ({@code training}) a product with a side of at most {@link #GEMV_MAX_SIDE} as {@code
   * sgemv} calls, and one of at least {@link #BF16_MIN_DIMENSION} on bf16 inputs under {@code
   * -Dsparkrl.gemm=onednn-bf16}.
   */
  static void gemm(
      boolean training,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      FloatPointer a,
      int lda,
      FloatPointer b,
      int ldb,
      float beta,
      FloatPointer c,
      int ldc) {
    boolean large = Math.min(k, Math.min(m, n)) >= BF16_MIN_DIMENSION;
    if (training && Math.min(m, n) <= GEMV_MAX_SIDE) {
      thinProduct(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    } else if (!OneDnnGemm.enabled()) {
      cblas_sgemm(
          CblasRowMajor,
          transA ? CblasTrans : CblasNoTrans,
          transB ? CblasTrans : CblasNoTrans,
          m,
          n,
          k,
          alpha,
          a,
          lda,
          b,
          ldb,
          beta,
          c,
          ldc);
    } else if (training && large && OneDnnGemm.bf16()) {
      OneDnnBf16Gemm.rowMajor(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    } else {
      OneDnnGemm.rowMajor(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
  }

  /**
   * {@link #gemm} for {@code n} or {@code m} ≤ {@link #GEMV_MAX_SIDE}: one {@code sgemv} per column
   * of C, or per row when m is the thinner side.
   */
  private static void thinProduct(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      FloatPointer a,
      int lda,
      FloatPointer b,
      int ldb,
      float beta,
      FloatPointer c,
      int ldc) {
    if (n <= m) {
      // C[:, j] = alpha·op(A)·op(B)[:, j] + beta·C[:, j]
      for (int j = 0; j < n; j++) {
        FloatPointer column = transB ? at(b, (long) j * ldb) : at(b, j);
        int step = transB ? 1 : ldb;
        if (transA) {
          cblas_sgemv(
              CblasRowMajor, CblasTrans, k, m, alpha, a, lda, column, step, beta, at(c, j), ldc);
        } else {
          cblas_sgemv(
              CblasRowMajor, CblasNoTrans, m, k, alpha, a, lda, column, step, beta, at(c, j), ldc);
        }
      }
    } else {
      // C[i, :]ᵀ = alpha·op(B)ᵀ·op(A)[i, :]ᵀ + beta·C[i, :]ᵀ
      for (int i = 0; i < m; i++) {
        FloatPointer row = transA ? at(a, i) : at(a, (long) i * lda);
        int step = transA ? lda : 1;
        FloatPointer out = at(c, (long) i * ldc);
        if (transB) {
          cblas_sgemv(CblasRowMajor, CblasNoTrans, n, k, alpha, b, ldb, row, step, beta, out, 1);
        } else {
          cblas_sgemv(CblasRowMajor, CblasTrans, k, n, alpha, b, ldb, row, step, beta, out, 1);
        }
      }
    }
  }

  private static FloatPointer at(FloatPointer base, long offset) {
    return offset == 0 ? base : new FloatPointer(base).position(base.position() + offset);
  }
}
