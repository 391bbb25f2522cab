package io.sparkrl.core.nn;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;

/**
 * One FP32 product of a fixed shape, {@code C = alpha·op(A)·op(B) + beta·C} row-major as {@link
 * OneDnnGemm#rowMajor}, as a oneDNN matmul primitive compiled once: {@code alpha} is its output
 * scale and {@code beta} a sum post-op. The dense steps' backward products that are not thin run
 * this way in place of {@code dnnl_sgemm}, which checks its arguments and picks a kernel on every
 * call: over a 256×256×256 product 2–14 µs less (docs/benchmarks.md, "The momentum in the gradient
 * products, and backward products as primitives"). The operands are given per call (a network's
 * arrays may be replaced); not thread-safe.
 */
final class OneDnnProduct {

  private final float alpha;
  private final float beta;
  private final stream stream;
  private final matmul product;
  private final OneDnnOperand a;
  private final OneDnnOperand b;
  private final OneDnnOperand c;
  private final IntMemoryMap args = new IntMemoryMap();

  OneDnnProduct(
      boolean transA,
      boolean transB,
      long m,
      long n,
      long k,
      float alpha,
      long lda,
      long ldb,
      float beta,
      long ldc) {
    this.alpha = alpha;
    this.beta = beta;
    engine e = OneDnnGemm.engine();
    stream = new stream(e);
    memory.desc aDesc = operand(m, k, transA, lda);
    memory.desc bDesc = operand(k, n, transB, ldb);
    memory.desc cDesc = operand(m, n, false, ldc);
    primitive_attr attr = attributes(alpha, beta);
    product =
        new matmul(new matmul.primitive_desc(new matmul.desc(aDesc, bDesc, cDesc), attr, e, false));
    a = new OneDnnOperand(aDesc, e);
    b = new OneDnnOperand(bDesc, e);
    c = new OneDnnOperand(cDesc, e);
    args.put(dnnl.DNNL_ARG_SRC, a.memory());
    args.put(dnnl.DNNL_ARG_WEIGHTS, b.memory());
    args.put(dnnl.DNNL_ARG_DST, c.memory());
  }

  /**
   * An FP32 row-major {@code [rows, columns]} operand with leading dimension {@code ld}, or the
   * transpose of a row-major {@code [columns, rows]} one.
   */
  static memory.desc operand(long rows, long columns, boolean transposed, long ld) {
    long[] strides = transposed ? new long[] {1, ld} : new long[] {ld, 1};
    return new memory.desc(new long[] {rows, columns}, memory.data_type.f32, strides);
  }

  /** A matmul's attributes for {@code alpha·A·B + beta·C}: an output scale and a sum post-op. */
  static primitive_attr attributes(float alpha, float beta) {
    primitive_attr attr = new primitive_attr();
    if (alpha != 1f) {
      attr.set_output_scales(0, new float[] {alpha});
    }
    if (beta != 0f) {
      post_ops ops = new post_ops();
      ops.append_sum(beta, 0);
      attr.set_post_ops(ops);
    }
    return attr;
  }

  /** Whether this product was built for {@code alpha} and {@code beta}. */
  boolean scales(float alpha, float beta) {
    return this.alpha == alpha && this.beta == beta;
  }

  /** {@code c = alpha·op(a)·op(b) + beta·c}. */
  void run(FloatPointer a, FloatPointer b, FloatPointer c) {
    OneDnnGemm.threadsForThisThread();
    this.a.point(a);
    this.b.point(b);
    this.c.point(c);
    product.execute(stream, args);
  }
}
