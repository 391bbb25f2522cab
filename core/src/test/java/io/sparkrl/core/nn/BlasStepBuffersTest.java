package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/**
 * The hidden layers' forward, ReLU and mask, and the backward products, give the same values on
 * oneDNN as on CBLAS and Java copies.
 */
class BlasStepBuffersTest {

  private static final int ROWS = 37;
  private static final long[] WIDTHS = {3, 40, 24, 2};

  @Test
  void reluAndMaskAgreeBetweenOneDnnAndJavaCopies() {
    BlasStepBuffers onednn = new BlasStepBuffers(ROWS, WIDTHS, true);
    BlasStepBuffers java = new BlasStepBuffers(ROWS, WIDTHS, false);
    SplittableRandom rnd = new SplittableRandom(11);
    for (int l = 0; l < WIDTHS.length - 2; l++) {
      int n = ROWS * (int) WIDTHS[l + 1];
      float[] a = new float[n];
      float[] d = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = i % 9 == 0 ? 0f : (float) rnd.nextGaussian();
        d[i] = (float) rnd.nextGaussian();
      }
      for (BlasStepBuffers b : new BlasStepBuffers[] {onednn, java}) {
        b.activation(l).put(a);
        b.delta(l).put(d);
        b.relu(l);
        b.maskDelta(l);
      }
      float[][] got = new float[4][n];
      onednn.activation(l).get(got[0]);
      java.activation(l).get(got[1]);
      onednn.delta(l).get(got[2]);
      java.delta(l).get(got[3]);
      int kept = 0;
      for (int i = 0; i < n; i++) {
        float relu = Math.max(a[i], 0f);
        // oneDNN writes −0 for a negative input: the same value for every sum and product
        assertThat(got[0][i] == relu).as("relu %d of layer %d", i, l).isTrue();
        assertThat(got[1][i]).isEqualTo(relu);
        float masked = a[i] > 0 ? d[i] : 0f;
        assertThat(got[2][i] == masked).as("mask %d of layer %d", i, l).isTrue();
        assertThat(got[3][i] == masked).isTrue();
        kept += a[i] > 0 ? 1 : 0;
      }
      assertThat(kept).isBetween(n / 4, 3 * n / 4);
    }
  }

  @Test
  void hiddenForwardWithBiasAndReluAgreesBetweenOneDnnAndCblas() {
    BlasStepBuffers onednn = new BlasStepBuffers(ROWS, WIDTHS, true);
    BlasStepBuffers cblas = new BlasStepBuffers(ROWS, WIDTHS, false);
    SplittableRandom rnd = new SplittableRandom(12);
    for (int l = 0; l < WIDTHS.length - 2; l++) {
      int in = (int) WIDTHS[l];
      int out = (int) WIDTHS[l + 1];
      FloatPointer x = gaussian(ROWS * in, rnd);
      // at offsets into one array, as a network's weights and biases are
      FloatPointer params = gaussian(3 + in * out + out, rnd);
      FloatPointer w = new FloatPointer(params).position(3);
      FloatPointer b = new FloatPointer(params).position(3 + in * out);
      onednn.hiddenForward(l, x, w, b);
      cblas.hiddenForward(l, x, w, b);
      float[] got = new float[ROWS * out];
      float[] want = new float[ROWS * out];
      onednn.activation(l).get(got);
      cblas.activation(l).get(want);
      int zeros = 0;
      for (int r = 0; r < ROWS; r++) {
        for (int o = 0; o < out; o++) {
          double z = b.get(o);
          for (int i = 0; i < in; i++) {
            z += (double) x.get((long) r * in + i) * w.get((long) o * in + i);
          }
          double expected = Math.max(z, 0);
          int k = r * out + o;
          assertThat((double) got[k])
              .as("oneDNN %d,%d of layer %d", r, o, l)
              .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(z))));
          assertThat((double) want[k])
              .as("CBLAS %d,%d of layer %d", r, o, l)
              .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(z))));
          zeros += got[k] == 0f ? 1 : 0;
        }
      }
      assertThat(zeros).isBetween(ROWS * out / 4, 3 * ROWS * out / 4);
    }
  }

  @Test
  void backwardProductsAgreeBetweenOneDnnAndCblas() {
    BlasStepBuffers onednn = new BlasStepBuffers(ROWS, WIDTHS, true);
    // DenseBlas's calls: dnnl_sgemm, or CBLAS under -Dsparkrl.gemm=cblas
    BlasStepBuffers cblas = new BlasStepBuffers(ROWS, WIDTHS, false);
    SplittableRandom rnd = new SplittableRandom(13);
    float alpha = 1f / ROWS;
    // a second pass with another beta and other arrays: the products are rebuilt and re-pointed
    for (int pass = 0; pass < 2 * (WIDTHS.length - 1); pass++) {
      int l = pass % (WIDTHS.length - 1);
      float beta = pass < WIDTHS.length - 1 ? 0.9f : 0.5f;
      int in = (int) WIDTHS[l];
      int out = (int) WIDTHS[l + 1];
      FloatPointer x = gaussian(ROWS * in, rnd);
      FloatPointer delta = gaussian(ROWS * out, rnd);
      // at offsets into one array each, as a network's weights and momenta are
      int shift = pass;
      FloatPointer params = gaussian(5 + shift + in * out, rnd);
      FloatPointer w = new FloatPointer(params).position(5 + shift);
      FloatPointer momenta = gaussian(7 + shift + in * out, rnd);
      float[] before = new float[in * out];
      new FloatPointer(momenta).position(7 + shift).get(before);
      FloatPointer[] dw = new FloatPointer[2];
      BlasStepBuffers[] both = {onednn, cblas};
      for (int b = 0; b < 2; b++) {
        both[b].delta(l).put(delta);
        FloatPointer copy = new FloatPointer(7 + shift + in * out);
        copy.put(momenta);
        dw[b] = new FloatPointer(copy).position(7 + shift);
        both[b].weightGradient(l, alpha, x, beta, dw[b]);
        if (l > 0) {
          both[b].inputGradient(l, w);
        }
      }
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          double sum = 0;
          for (int r = 0; r < ROWS; r++) {
            sum += (double) x.get((long) r * in + i) * delta.get((long) r * out + o);
          }
          double expected = alpha * sum + beta * before[o * in + i];
          for (int b = 0; b < 2; b++) {
            assertThat((double) dw[b].get(o * in + i))
                .as("weight gradient %d,%d of layer %d, buffers %d", i, o, l, b)
                .isCloseTo(
                    expected, org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(expected))));
          }
        }
      }
      if (l == 0) {
        continue;
      }
      for (int r = 0; r < ROWS; r++) {
        for (int i = 0; i < in; i++) {
          double expected = 0;
          for (int o = 0; o < out; o++) {
            expected += (double) delta.get((long) r * out + o) * w.get((long) o * in + i);
          }
          for (int b = 0; b < 2; b++) {
            assertThat((double) both[b].delta(l - 1).get((long) r * in + i))
                .as("input gradient %d,%d of layer %d, buffers %d", r, i, l, b)
                .isCloseTo(
                    expected, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(expected))));
          }
        }
      }
    }
  }

  private static FloatPointer gaussian(int n, SplittableRandom rnd) {
    FloatPointer p = new FloatPointer(n);
    for (int i = 0; i < n; i++) {
      p.put(i, (float) rnd.nextGaussian());
    }
    return p;
  }
}
