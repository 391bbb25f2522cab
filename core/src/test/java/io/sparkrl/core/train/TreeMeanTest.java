package io.sparkrl.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TreeMeanTest {

  @Test
  void addsEachWorkersValuesThenItsChildrensPartialsInDouble() {
    // five workers: 0 <- (1 <- (3, 4), 2); partial(1) = x1 + x3 + x4, partial(0) = x0 + p1 + x2
    float[][] x = {{1e8f}, {1f}, {-1e8f}, {0.5f}, {0.25f}};
    List<float[]> arrays = List.of(x);
    double p1 = ((double) x[1][0] + x[3][0]) + x[4][0];
    double p0 = ((double) x[0][0] + p1) + x[2][0];
    assertThat(TreeMean.mean(arrays)).containsExactly((float) (p0 / 5));
    assertThat(TreeMean.children(1, 5)).containsExactly(3, 4);
    assertThat(TreeMean.children(2, 5)).isEmpty();
    assertThat(TreeMean.parent(4)).isEqualTo(1);
  }

  @Test
  void oneArrayIsItsOwnMeanAndManyAreCloseToTheNaiveMean() {
    float[] one = {0.1f, -3e-9f, 7f};
    assertThat(TreeMean.mean(List.of(one))).containsExactly(one);
    SplittableRandom r = new SplittableRandom(5);
    List<float[]> arrays = new ArrayList<>();
    for (int k = 0; k < 9; k++) {
      float[] a = new float[100];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) r.nextGaussian();
      }
      arrays.add(a);
    }
    float[] mean = TreeMean.mean(arrays);
    for (int i = 0; i < 100; i++) {
      double naive = 0;
      for (float[] a : arrays) {
        naive += a[i];
      }
      assertThat((double) mean[i]).isCloseTo(naive / 9, within(1e-6));
    }
    assertThatThrownBy(() -> TreeMean.mean(List.of(new float[2], new float[3])))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
