package io.sparkrl.core.nn;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.BytePointer;
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
   * The system property that picks the products' library: {@code onednn} (default), {@code
   * onednn-bf16} (the SGD steps' products on bf16 inputs, {@link OneDnnBf16Gemm}) or {@code cblas}.
   */
  static final String PROPERTY = "sparkrl.gemm";

  private static final Logger LOG = LoggerFactory.getLogger(OneDnnGemm.class);
  private static final ThreadLocal<int[]> THREADS = ThreadLocal.withInitial(() -> new int[] {-1});
  private static volatile Boolean enabled;
  private static volatile boolean bf16;
  private static engine cpu;

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

  /** Whether the SGD steps' products take bf16 inputs in this JVM ({@code onednn-bf16}). */
  static boolean bf16() {
    return enabled() && bf16;
  }

  private static boolean load() {
    String choice = System.getProperty(PROPERTY, "onednn").trim();
    if (choice.equals("cblas")) {
      return false;
    }
    if (!choice.equals("onednn") && !choice.equals("onednn-bf16")) {
      throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be onednn, onednn-bf16 or cblas, got \"" + choice + "\"");
    }
    try {
      Loader.load(dnnl.class);
    } catch (LinkageError | RuntimeException ex) {
      if (choice.equals("onednn-bf16")) {
        throw new IllegalStateException("-D" + PROPERTY + "=onednn-bf16: oneDNN did not load", ex);
      }
      LOG.warn("oneDNN did not load ({}); the matrix products use CBLAS instead", ex.toString());
      return false;
    }
    bf16 = choice.equals("onednn-bf16");
    if (bf16) {
      LOG.info("the SGD steps' matrix products take bf16 inputs (-D{}=onednn-bf16)", PROPERTY);
    }
    return true;
  }

  /** The CPU engine every oneDNN primitive of this JVM runs on. */
  static synchronized engine engine() {
    if (cpu == null) {
      cpu = new engine(engine.kind.cpu, 0);
    }
    return cpu;
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

  /**
   * {@code p} at its position as a {@code void*} handle (a oneDNN memory's): JavaCPP adds the
   * position of a pointer passed as {@code void*} in bytes, so a FloatPointer moved to a layer's
   * weights would point a quarter of the way there.
   */
  static BytePointer handle(FloatPointer p) {
    return p.getPointer(BytePointer.class);
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
