package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ReLU and its mask give the same values in place on oneDNN as on Java copies. */
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
}
