package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

class OneDnnBf16GemmTest {

  @Test
  void everyTransposeIsTheProductOfTheInputsRoundedToBf16() {
    Random random = new Random(11);
    int m = 37;
    int n = 53;
    int k = 64;
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        for (float[] alphaBeta : new float[][] {{1f, 0f}, {0.5f, 0.25f}, {-2f, 1f}}) {
          float alpha = alphaBeta[0];
          float beta = alphaBeta[1];
          float[] a = random(random, m * k);
          float[] b = random(random, k * n);
          float[] c = random(random, m * n);
          int lda = ta ? m : k;
          int ldb = tb ? k : n;
          float[] out = c.clone();
          // the operands sit past the start of their buffers, as a layer's weights do in the
          // network's flat parameters: a pointer's position must be honoured
          try (FloatPointer pa = new FloatPointer(padded(a, 5));
              FloatPointer pb = new FloatPointer(padded(b, 3));
              FloatPointer pc = new FloatPointer(padded(out, 2))) {
            pa.position(5);
            pb.position(3);
            pc.position(2);
            OneDnnBf16Gemm.rowMajor(ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, n);
            pc.get(out);
          }
          int differsFromFp32 = 0;
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double rounded = 0;
              double exact = 0;
              double magnitude = 0;
              for (int p = 0; p < k; p++) {
                float x = ta ? a[p * lda + i] : a[i * lda + p];
                float y = tb ? b[j * ldb + p] : b[p * ldb + j];
                rounded += (double) bf16(x) * bf16(y);
                exact += (double) x * y;
                magnitude += Math.abs((double) x * y);
              }
              double want = alpha * rounded + beta * c[i * n + j];
              float got = out[i * n + j];
              assertThat(Math.abs(got - want))
                  .as("ta %s tb %s alpha %s beta %s element (%d, %d)", ta, tb, alpha, beta, i, j)
                  .isLessThanOrEqualTo(1e-5 * (Math.abs(alpha) * magnitude + 1));
              if (Math.abs(got - (alpha * exact + beta * c[i * n + j])) > 1e-4) {
                differsFromFp32++;
              }
            }
          }
          assertThat(differsFromFp32)
              .as("the inputs were rounded to bf16")
              .isGreaterThan(m * n / 2);
        }
      }
    }
  }

  /** {@code x} rounded to the nearest bfloat16, ties to even (no NaN here). */
  private static float bf16(float x) {
    int bits = Float.floatToRawIntBits(x);
    bits += 0x7FFF + ((bits >>> 16) & 1);
    return Float.intBitsToFloat(bits & 0xFFFF0000);
  }

  private static float[] padded(float[] values, int front) {
    float[] out = new float[front + values.length];
    System.arraycopy(values, 0, out, front, values.length);
    return out;
  }

  private static float[] random(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextFloat() * 2 - 1;
    }
    return v;
  }
}
