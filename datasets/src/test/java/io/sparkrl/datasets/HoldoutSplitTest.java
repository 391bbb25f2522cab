package io.sparkrl.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HoldoutSplitTest {

  @Test
  void holdsOutAboutTheFractionByIdAlone() {
    HoldoutSplit split = new HoldoutSplit(0.2, 7);
    int held = 0;
    for (int i = 0; i < 20_000; i++) {
      String id = Integer.toString(i);
      boolean h = split.heldOut(id);
      assertThat(new HoldoutSplit(0.2, 7).heldOut(id)).isEqualTo(h);
      held += h ? 1 : 0;
      if (h) {
        assertThat(new HoldoutSplit(0.3, 7).heldOut(id)).as("nested in larger fractions").isTrue();
      }
    }
    assertThat(held).isBetween(3_800, 4_200);
    assertThat(new HoldoutSplit(0, 7).heldOut("0")).isFalse();
    int differs = 0;
    for (int i = 0; i < 1000; i++) {
      differs +=
          new HoldoutSplit(0.5, 1).heldOut("e" + i) != new HoldoutSplit(0.5, 2).heldOut("e" + i)
              ? 1
              : 0;
    }
    assertThat(differs).as("the seed changes the slice").isGreaterThan(300);
    assertThatThrownBy(() -> new HoldoutSplit(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
