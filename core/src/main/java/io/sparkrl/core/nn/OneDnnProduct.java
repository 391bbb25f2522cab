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
import org.bytedeco.javacpp.Pointer;

/**
 * One FP32 product of a fixed shape, {@code C = alpha·op(A)·op(B) + beta·C} row-major as {@link
 * OneDnnGemm#rowMajor}, as a oneDNN matmul primitive compiled once: {@code alpha} is its output
 * scale and {@code beta} a sum post-op. The dense steps' backward products of a 256-wide hidden
 * layer run this way in place of {@code dnnl_sgemm}, which checks its arguments and picks a kernel
 * on every call (docs/benchmarks.md, "Backward products as primitives"). The operands are given per
 * call (a network's arrays may be replaced); not thread-safe.
 */
final class OneDnnProduct {

  private final float alpha;
  private final float beta;
  private final stream stream;
  private final matmul product;
  private final memory a;
  private final memory b;
  private final memory c;
  private final IntMemoryMap args = new IntMemoryMap();
  private FloatPointer lastA;
  private FloatPointer lastB;
  private FloatPointer lastC;

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
    memory.desc aDesc =
        strided(new long[] {m, k}, transA ? new long[] {1, lda} : new long[] {lda, 1});
    memory.desc bDesc =
        strided(new long[] {k, n}, transB ? new long[] {1, ldb} : new long[] {ldb, 1});
    memory.desc cDesc = strided(new long[] {m, n}, new long[] {ldc, 1});
    primitive_attr attr = new primitive_attr();
    if (alpha != 1f) {
      attr.set_output_scales(0, new float[] {alpha});
    }
    if (beta != 0f) {
      post_ops ops = new post_ops();
      ops.append_sum(beta, 0);
      attr.set_post_ops(ops);
    }
    product =
        new matmul(new matmul.primitive_desc(new matmul.desc(aDesc, bDesc, cDesc), attr, e, false));
    // no handle yet (DNNL_MEMORY_NONE): the first run sets them
    a = new memory(aDesc, e, new Pointer());
    b = new memory(bDesc, e, new Pointer());
    c = new memory(cDesc, e, new Pointer());
    args.put(dnnl.DNNL_ARG_SRC, a);
    args.put(dnnl.DNNL_ARG_WEIGHTS, b);
    args.put(dnnl.DNNL_ARG_DST, c);
  }

  private static memory.desc strided(long[] dims, long[] strides) {
    return new memory.desc(dims, memory.data_type.f32, strides);
  }

  /** Whether this product was built for {@code alpha} and {@code beta}. */
  boolean scales(float alpha, float beta) {
    return this.alpha == alpha && this.beta == beta;
  }

  /** {@code c = alpha·op(a)·op(b) + beta·c}. */
  void run(FloatPointer a, FloatPointer b, FloatPointer c) {
    OneDnnGemm.threadsForThisThread();
    if (a != lastA) {
      this.a.set_data_handle(OneDnnGemm.handle(a));
      lastA = a;
    }
    if (b != lastB) {
      this.b.set_data_handle(OneDnnGemm.handle(b));
      lastB = b;
    }
    if (c != lastC) {
      this.c.set_data_handle(OneDnnGemm.handle(c));
      lastC = c;
    }
    product.execute(stream, args);
  }
}
