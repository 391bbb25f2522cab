package io.sparkrl.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransitionIndexTest {

  static Episode vectors(String id, int rows, EndKind end) {
    float[] obs = new float[rows * 2];
    for (int i = 0; i < obs.length; i++) {
      obs[i] = i;
    }
    return Episode.ofVectors(id, 2, obs, new int[rows], new float[rows], null, end);
  }

  @Test
  void indexesTransitionsNotTheBootstrapRowOfACutOffEpisode() {
    TransitionIndex index =
        new TransitionIndex(
            List.of(vectors("a", 3, EndKind.TERMINAL), vectors("b", 3, EndKind.TIMEOUT)));
    assertThat(index.size()).isEqualTo(5);
    int[][] pairs = new int[5][];
    for (int i = 0; i < 5; i++) {
      pairs[i] = new int[] {index.episode(i), index.step(i)};
    }
    assertThat(pairs).isDeepEqualTo(new int[][] {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}});
  }

  @Test
  void epochIsAPermutationCutIntoWholeBatches() {
    TransitionIndex index =
        new TransitionIndex(
            List.of(vectors("a", 4, EndKind.TERMINAL), vectors("b", 4, EndKind.TIMEOUT)));
    int[] p = index.permutation(new SplittableRandom(7));
    assertThat(Arrays.stream(p).sorted().toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(index.permutation(new SplittableRandom(7))).containsExactly(p);
    assertThat(index.batchCount(3)).isEqualTo(2); // the 7th transition is dropped
    assertThat(index.batchCount(8)).isZero();
    int[][] second = index.batch(p, 1, 3);
    for (int k = 0; k < 3; k++) {
      assertThat(second[k]).containsExactly(index.episode(p[3 + k]), index.step(p[3 + k]));
    }
    assertThatThrownBy(() -> index.batch(p, 2, 3)).hasMessageContaining("iteration 2");
  }
}
