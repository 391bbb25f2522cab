package io.sparkrl.core.nn;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The opt-in bf16 products of the SGD steps ({@code -Dsparkrl.gemm=onednn-bf16}): both operands
 * rounded to bfloat16 (8 bits of mantissa, round to nearest even, by a oneDNN reorder), multiplied
 * by oneDNN's matmul primitive with the sums kept in FP32 and written to the FP32 result. The
 * parameters, the momentum, the biases and every other operation stay FP32: what PyTorch's bf16
 * autocast does to a linear layer. On a core with AVX512_BF16 the dot-product instruction does
 * twice the FMAs of FP32 per cycle; docs/benchmarks.md has the speed and the effect on learning.
 *
 * <p>{@code dnnl_sgemm} has no bf16 sibling in oneDNN 2.5's C API, hence primitives: one matmul and
 * two reorders per call shape, compiled on the first call and kept per thread (a primitive's memory
 * objects are not thread-safe); each call points them at its arrays.
 */
final class OneDnnBf16Gemm {

  private static final ThreadLocal<Map<Shape, Product>> PRODUCTS =
      ThreadLocal.withInitial(HashMap::new);

  private OneDnnBf16Gemm() {}

  /** {@code C = alpha·op(A)·op(B) + beta·C}, all row-major FP32, the product's inputs in bf16. */
  static void rowMajor(
      boolean transA,
      boolean transB,
      long m,
      long n,
      long k,
      float alpha,
      FloatPointer a,
      long lda,
      FloatPointer b,
      long ldb,
      float beta,
      FloatPointer c,
      long ldc) {
    OneDnnGemm.threadsForThisThread();
    Shape shape = new Shape(transA, transB, m, n, k, alpha, lda, ldb, beta, ldc);
    PRODUCTS.get().computeIfAbsent(shape, key -> new Product(key, a, b, c)).run(a, b, c);
  }

  private record Shape(
      boolean transA,
      boolean transB,
      long m,
      long n,
      long k,
      float alpha,
      long lda,
      long ldb,
      float beta,
      long ldc) {}

  /** One call shape's primitives and memory objects. */
  private static final class Product {

    private final stream stream;
    private final memory a32;
    private final memory b32;
    private final memory c32;
    private final reorder roundA;
    private final reorder roundB;
    private final matmul product;
    private final IntMemoryMap roundAArgs = new IntMemoryMap();
    private final IntMemoryMap roundBArgs = new IntMemoryMap();
    private final IntMemoryMap productArgs = new IntMemoryMap();

    Product(Shape s, FloatPointer a, FloatPointer b, FloatPointer c) {
      engine e = OneDnnGemm.engine();
      stream = new stream(e);
      long[] aDims = {s.m(), s.k()};
      long[] bDims = {s.k(), s.n()};
      memory.desc a32Desc = OneDnnProduct.operand(s.m(), s.k(), s.transA(), s.lda());
      memory.desc b32Desc = OneDnnProduct.operand(s.k(), s.n(), s.transB(), s.ldb());
      memory.desc c32Desc = OneDnnProduct.operand(s.m(), s.n(), false, s.ldc());
      // plain layouts: with format_tag.any this build picks a blocked weights layout that came out
      // wrong past the first 32 columns of a 53-column product (OneDnnBf16GemmTest)
      memory.desc a16Desc = new memory.desc(aDims, memory.data_type.bf16, memory.format_tag.ab);
      memory.desc b16Desc = new memory.desc(bDims, memory.data_type.bf16, memory.format_tag.ab);
      primitive_attr attr = OneDnnProduct.attributes(s.alpha(), s.beta());
      matmul.primitive_desc pd =
          new matmul.primitive_desc(new matmul.desc(a16Desc, b16Desc, c32Desc), attr, e, false);
      product = new matmul(pd);
      a32 = new memory(a32Desc, e, OneDnnGemm.handle(a));
      b32 = new memory(b32Desc, e, OneDnnGemm.handle(b));
      c32 = new memory(c32Desc, e, OneDnnGemm.handle(c));
      memory a16 = new memory(a16Desc, e);
      memory b16 = new memory(b16Desc, e);
      roundA = new reorder(a32, a16);
      roundB = new reorder(b32, b16);
      roundAArgs.put(dnnl.DNNL_ARG_FROM, a32);
      roundAArgs.put(dnnl.DNNL_ARG_TO, a16);
      roundBArgs.put(dnnl.DNNL_ARG_FROM, b32);
      roundBArgs.put(dnnl.DNNL_ARG_TO, b16);
      productArgs.put(dnnl.DNNL_ARG_SRC, a16);
      productArgs.put(dnnl.DNNL_ARG_WEIGHTS, b16);
      productArgs.put(dnnl.DNNL_ARG_DST, c32);
    }

    void run(FloatPointer a, FloatPointer b, FloatPointer c) {
      a32.set_data_handle(OneDnnGemm.handle(a));
      b32.set_data_handle(OneDnnGemm.handle(b));
      c32.set_data_handle(OneDnnGemm.handle(c));
      roundA.execute(stream, roundAArgs);
      roundB.execute(stream, roundBArgs);
      product.execute(stream, productArgs);
    }
  }
}
