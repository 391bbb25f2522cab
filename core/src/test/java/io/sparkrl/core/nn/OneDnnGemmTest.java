package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
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
  void productsStayOnTheThreadLimit() throws IOException {
    // On a machine of two or more cores, oneDNN's OpenMP team would use them all without the limit.
    NativeThreads.limit(1);
    int n = 768;
    Random random = new Random(3);
    try (FloatPointer a = new FloatPointer(random(random, n * n));
        FloatPointer b = new FloatPointer(random(random, n * n));
        FloatPointer c = new FloatPointer((long) n * n)) {
      OneDnnGemm.rowMajor(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);
      // the JVM's JIT and GC threads can keep a second core busy for a while after a heavy test
      // class: they are not counted; an OpenMP team past the limit would be
      Map<String, Long> before = cpuTicksByThread();
      long wall = System.nanoTime();
      for (int i = 0; i < 60; i++) {
        OneDnnGemm.rowMajor(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);
      }
      double seconds = (System.nanoTime() - wall) / 1e9;
      Map<String, Long> busy = new TreeMap<>();
      cpuTicksByThread()
          .forEach(
              (thread, ticks) -> {
                long used = ticks - before.getOrDefault(thread, 0L);
                if (used > 0
                    && !HOUSEKEEPING
                        .matcher(thread.substring(thread.indexOf(' ') + 1))
                        .lookingAt()) {
                  busy.put(thread, used);
                }
              });
      double cores = busy.values().stream().mapToLong(Long::longValue).sum() / TICKS / seconds;
      assertThat(cores).as("cores busy during the products, by thread: %s", busy).isLessThan(1.4);
    }
  }

  /** The JVM's own threads (Linux thread names, cut to 15 characters). */
  private static final Pattern HOUSEKEEPING =
      Pattern.compile("C1 CompilerThre|C2 CompilerThre|GC Thread|G1 |VM |Sweeper|Service Thread");

  /** Linux's clock ticks per second for /proc's CPU times (USER_HZ). */
  private static final double TICKS = 100;

  /** User + system CPU ticks of each of this process's threads, by "tid name". */
  private static Map<String, Long> cpuTicksByThread() throws IOException {
    Map<String, Long> out = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException ended) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        // after the name: field 3 (state) first, so utime (14) and stime (15) are 11 and 12
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        out.put(
            task.getFileName() + " " + name,
            Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
      }
    }
    return out;
  }

  private static float[] random(Random random, int size) {
    float[] out = new float[size];
    for (int i = 0; i < size; i++) {
      out[i] = random.nextFloat() - 0.5f;
    }
    return out;
  }
}
