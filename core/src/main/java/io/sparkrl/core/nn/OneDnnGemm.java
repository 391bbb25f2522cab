package io.sparkrl.core.nn;

import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dense steps' matrix products through oneDNN's {@code dnnl_sgemm} (JavaCPP's dnnl 2.5.2
 * preset, the oneDNN build made for ND4J's JavaCPP 1.5.7). Its JIT kernels run the step's
 * 256×256×256 products at 155–175 GFLOP/s on one AVX-512 core, where OpenBLAS 0.3.19 (ND4J's) runs
 * them at 126–137 (docs/benchmarks.md, "oneDNN for the products"), the fastest FP32 library
 * measured there that loads beside ND4J.
 *
 * <p>{@code -Dsparkrl.gemm=cblas} sends the products to the CBLAS that ND4J links instead
 * (OpenBLAS, or MKL when {@code -Dorg.bytedeco.openblas.load=mkl_rt}); so does a JVM where oneDNN's
 * natives do not load, with one warning.
 *
 * <p>oneDNN runs on OpenMP, whose thread count belongs to each calling thread: every thread sets it
 * to {@link NativeThreads}' limit before its first product, so a Spark task's products stay on its
 * own core as its OpenBLAS calls do.
 */
final class OneDnnGemm {

  /**
   * The system property that picks the products' library: {@code onednn} (default) or {@code
   * cblas}.
   */
  static final String PROPERTY = "sparkrl.gemm";

  private static final Logger LOG = LoggerFactory.getLogger(OneDnnGemm.class);
  private static final ThreadLocal<int[]> THREADS = ThreadLocal.withInitial(() -> new int[] {-1});
  private static volatile Boolean enabled;

  private OneDnnGemm() {}

  /** Whether the products go to oneDNN in this JVM (decided once). */
  static boolean enabled() {
    Boolean e = enabled;
    if (e == null) {
      synchronized (OneDnnGemm.class) {
        if (enabled == null) {
          enabled = load();
        }
        e = enabled;
      }
    }
    return e;
  }

  private static boolean load() {
    String choice = System.getProperty(PROPERTY, "onednn").trim();
    if (choice.equals("cblas")) {
      return false;
    }
    if (!choice.equals("onednn")) {
      throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be onednn or cblas, got \"" + choice + "\"");
    }
    try {
      Loader.load(dnnl.class);
      return true;
    } catch (LinkageError | RuntimeException ex) {
      LOG.warn("oneDNN did not load ({}); the matrix products use CBLAS instead", ex.toString());
      return false;
    }
  }

  /**
   * {@code C = alpha·op(A)·op(B) + beta·C}, all row-major.
   *
   * @throws IllegalStateException if oneDNN reports an error
   */
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
    threadsForThisThread();
    int status =
        dnnl.dnnl_sgemm(
            (byte) (transA ? 'T' : 'N'),
            (byte) (transB ? 'T' : 'N'),
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
    if (status != dnnl.dnnl_success) {
      throw new IllegalStateException(
          "dnnl_sgemm " + m + "x" + n + "x" + k + " failed with status " + status);
    }
  }

  /** Sets this thread's OpenMP thread count to {@link NativeThreads}' limit, once per limit. */
  static void threadsForThisThread() {
    int limit = NativeThreads.limitOrZero();
    int[] applied = THREADS.get();
    if (limit > 0 && applied[0] != limit) {
      NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(limit);
      applied[0] = limit;
    }
  }
}
