package io.sparkrl.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class EpochPermutationTest {

  @Test
  void isABijectionWhosePositionAndIndexAreInverse() {
    for (long n : new long[] {1, 2, 3, 7, 100, 1000, 4097, 20_001}) {
      EpochPermutation p = EpochPermutation.forEpoch(n, 42, 3);
      BitSet seen = new BitSet();
      for (long i = 0; i < n; i++) {
        long pos = p.position(i);
        assertThat(pos).isBetween(0L, n - 1);
        assertThat(seen.get((int) pos)).as("position %d hit twice (n=%d)", pos, n).isFalse();
        seen.set((int) pos);
        assertThat(p.indexAt(pos)).isEqualTo(i);
      }
      assertThat(seen.cardinality()).isEqualTo((int) n);
    }
  }

  @Test
  void dependsOnSeedAndEpochAndIsReproducible() {
    long n = 10_000;
    EpochPermutation a = EpochPermutation.forEpoch(n, 1, 0);
    EpochPermutation b = EpochPermutation.forEpoch(n, 1, 1);
    EpochPermutation c = EpochPermutation.forEpoch(n, 2, 0);
    EpochPermutation again = EpochPermutation.forEpoch(n, 1, 0);
    int sameB = 0;
    int sameC = 0;
    for (long i = 0; i < n; i++) {
      assertThat(again.position(i)).isEqualTo(a.position(i));
      sameB += a.position(i) == b.position(i) ? 1 : 0;
      sameC += a.position(i) == c.position(i) ? 1 : 0;
    }
    // Two independent shuffles agree on about one position.
    assertThat(sameB).isLessThan(10);
    assertThat(sameC).isLessThan(10);
  }

  @Test
  void looksLikeAShuffle() {
    int n = 20_000;
    EpochPermutation p = EpochPermutation.forEpoch(n, 7, 0);
    int fixedPoints = 0;
    int ascending = 0;
    double sumSquaredDisplacement = 0;
    long previous = -1;
    for (int i = 0; i < n; i++) {
      long pos = p.indexAt(i);
      fixedPoints += pos == i ? 1 : 0;
      ascending += pos > previous ? 1 : 0;
      previous = pos;
      sumSquaredDisplacement += Math.pow((double) (pos - i), 2);
    }
    // Uniform shuffle: ~1 fixed point, ~n/2 ascents, E[(π(i) − i)²] = (n² − 1)/6.
    assertThat(fixedPoints).isLessThan(8);
    assertThat(ascending).isBetween(n / 2 - 500, n / 2 + 500);
    double expected = ((double) n * n - 1) / 6;
    assertThat(sumSquaredDisplacement / n).isBetween(0.9 * expected, 1.1 * expected);
  }

  @Test
  void rejectsOutOfRangeArguments() {
    EpochPermutation p = new EpochPermutation(5, 0);
    assertThatThrownBy(() -> p.position(5)).hasMessageContaining("index 5 is outside [0, 5)");
    assertThatThrownBy(() -> p.indexAt(-1)).hasMessageContaining("position -1");
    assertThatThrownBy(() -> new EpochPermutation(-1, 0)).hasMessageContaining("-1");
  }
}
