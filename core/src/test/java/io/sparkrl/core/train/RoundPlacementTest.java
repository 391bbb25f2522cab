package io.sparkrl.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.algo.EpochPermutation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundPlacementTest {

  @Test
  void everyRowOfEveryUsedSliceGetsExactlyOneTransition() {
    for (ParallelMode mode : ParallelMode.values()) {
      EpochPermutation order = EpochPermutation.forEpoch(1003, 9, 1);
      RoundPlacement p = new RoundPlacement(order, 100, 3, mode, 2, 7);
      Set<String> seen = new HashSet<>();
      int placed = 0;
      for (long i = 0; i < 1003; i++) {
        RoundPlacement.Place place = p.place(i);
        if (place == null) {
          long position = order.position(i);
          assertThat(position / 100 < 2 || position / 100 >= 7).as(mode + " " + i).isTrue();
          continue;
        }
        placed++;
        assertThat(place.row()).isBetween(0, p.sliceRows(place.worker()) - 1);
        assertThat(seen.add(place.iteration() + "/" + place.worker() + "/" + place.row())).isTrue();
        long position = order.position(i);
        assertThat(place.iteration()).isEqualTo((int) (position / 100));
        if (mode == ParallelMode.ITERATIONS) {
          assertThat(place.worker()).isEqualTo((place.iteration() - 2) % 3);
          assertThat(place.row()).isEqualTo((int) (position % 100));
        }
      }
      assertThat(placed).as(mode.toString()).isEqualTo(500);
    }
  }

  @Test
  void usedTransitionsAreExactlyThoseWithAPlace() {
    EpochPermutation order = EpochPermutation.forEpoch(1003, 9, 1);
    RoundPlacement p = new RoundPlacement(order, 100, 2, ParallelMode.ITERATIONS, 4, 7);
    List<Long> placed = new ArrayList<>();
    for (long i = 0; i < 1003; i++) {
      if (p.place(i) != null) {
        placed.add(i);
      }
    }
    assertThat(placed).hasSize(300);
    assertThat(p.usedTransitions()).containsExactly(placed.stream().mapToLong(l -> l).toArray());
  }

  @Test
  void sharesAreContiguousAndCoverTheBatch() {
    RoundPlacement p =
        new RoundPlacement(EpochPermutation.forEpoch(10, 1, 0), 10, 3, ParallelMode.STEPS, 0, 1);
    assertThat(p.sliceRows(0) + p.sliceRows(1) + p.sliceRows(2)).isEqualTo(10);
    assertThat(new int[] {p.sliceRows(0), p.sliceRows(1), p.sliceRows(2)}).containsExactly(3, 3, 4);
  }
}
