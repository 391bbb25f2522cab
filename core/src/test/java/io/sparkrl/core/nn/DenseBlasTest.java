package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

class DenseBlasTest {

  /**
   * Every route of the products, thin ones (matrix-vector calls) included, against a plain loop.
   */
  @Test
  void everyShapeAndTransposeIsTheProduct() {
    Random random = new Random(5);
    int[][] shapes = {
      {256, 1, 256},
      {256, 2, 64},
      {1, 256, 256},
      {2, 64, 48},
      {4, 33, 40},
      {40, 4, 3},
      {64, 64, 4},
      {64, 64, 1},
      {48, 40, 64},
      {3, 3, 3}
    };
    for (int[] shape : shapes) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          float alpha = 0.5f;
          float beta = ta == tb ? 0f : 0.25f;
          // padded leading dimensions: a strided operand must be read as one
          int lda = (ta ? m : k) + 3;
          int ldb = (tb ? k : n) + 1;
          int ldc = n + 2;
          float[] a = random(random, (ta ? k : m) * lda);
          float[] b = random(random, (tb ? n : k) * ldb);
          float[] c = random(random, m * ldc);
          float[] want = c.clone();
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double sum = 0;
              for (int p = 0; p < k; p++) {
                sum +=
                    (double) (ta ? a[p * lda + i] : a[i * lda + p])
                        * (tb ? b[j * ldb + p] : b[p * ldb + j]);
              }
              want[i * ldc + j] = (float) (alpha * sum + beta * c[i * ldc + j]);
            }
          }
          // an SGD step's routes and a prediction's
          for (boolean training : new boolean[] {true, false}) {
            float[] got = c.clone();
            try (FloatPointer pa = new FloatPointer(a);
                FloatPointer pb = new FloatPointer(b);
                FloatPointer pc = new FloatPointer(got)) {
              DenseBlas.gemm(training, ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
              pc.get(got);
            }
            for (int i = 0; i < got.length; i++) {
              assertThat(got[i])
                  .as("%dx%dx%d ta %s tb %s training %s element %d", m, n, k, ta, tb, training, i)
                  .isCloseTo(want[i], org.assertj.core.api.Assertions.within(1e-4f * (1 + k)));
            }
          }
        }
      }
    }
  }

  private static float[] random(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextFloat() * 2 - 1;
    }
    return v;
  }
}
