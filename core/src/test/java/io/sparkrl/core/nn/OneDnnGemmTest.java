package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

class OneDnnGemmTest {

  @Test
  void theDefaultBuildLoadsOneDnn() {
    assertThat(OneDnnGemm.enabled()).as("oneDNN's natives load on this platform").isTrue();
  }

  @Test
  void everyTransposeAgreesWithCblas() {
    Random random = new Random(7);
    int m = 37;
    int n = 53;
    int k = 29;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        float[] a = random(random, m * k);
        float[] b = random(random, k * n);
        float[] c = random(random, m * n);
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        float[] expected = c.clone();
        try (FloatPointer pa = new FloatPointer(a);
            FloatPointer pb = new FloatPointer(b);
            FloatPointer pc = new FloatPointer(c);
            FloatPointer pe = new FloatPointer(expected)) {
          OneDnnGemm.rowMajor(ta, tb, m, n, k, 0.5f, pa, lda, pb, ldb, 0.25f, pc, n);
          cblas_sgemm(
              CblasRowMajor,
              ta ? CblasTrans : CblasNoTrans,
              tb ? CblasTrans : CblasNoTrans,
              m,
              n,
              k,
              0.5f,
              pa,
              lda,
              pb,
              ldb,
              0.25f,
              pe,
              n);
          pc.get(c);
          pe.get(expected);
        }
        for (int i = 0; i < c.length; i++) {
          assertThat(c[i])
              .as("ta %s tb %s element %d", ta, tb, i)
              .isCloseTo(expected[i], within(1e-4f));
        }
      }
    }
  }

  @Test
  void productsStayOnTheThreadLimit() {
    // On a machine of two or more cores, oneDNN's OpenMP team would use them all without the limit.
    NativeThreads.limit(1);
    int n = 768;
    Random random = new Random(3);
    try (FloatPointer a = new FloatPointer(random(random, n * n));
        FloatPointer b = new FloatPointer(random(random, n * n));
        FloatPointer c = new FloatPointer((long) n * n)) {
      OneDnnGemm.rowMajor(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      // the process's CPU time also counts the JIT's and GC's threads, which can keep a second
      // core busy for a moment after a heavy test class: the least of three windows is the
      // products' own; an OpenMP team past the limit would fill every window
      double cores = Double.MAX_VALUE;
      for (int attempt = 0; attempt < 3; attempt++) {
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < 40; i++) {
          OneDnnGemm.rowMajor(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);
        }
        cores =
            Math.min(cores, (double) (os.getProcessCpuTime() - cpu) / (System.nanoTime() - wall));
      }
      assertThat(cores).as("cores busy during the products").isLessThan(1.4);
    }
  }

  private static float[] random(Random random, int size) {
    float[] out = new float[size];
    for (int i = 0; i < size; i++) {
      out[i] = random.nextFloat() - 0.5f;
    }
    return out;
  }
}
