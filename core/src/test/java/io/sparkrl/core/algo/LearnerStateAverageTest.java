package io.sparkrl.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class LearnerStateAverageTest {

  private static LearnerState state(float base) {
    return new LearnerState(
        new NetworkState(new float[] {base, base + 1}, new float[] {base * 2}),
        new NetworkState(new float[] {-base}, new float[0]));
  }

  @Test
  void theAverageOfOneStateIsThatStateExactly() {
    LearnerState s =
        new LearnerState(
            new NetworkState(new float[] {0.1f, 1e-7f, 3.3333333f}, new float[] {1.17f}),
            new NetworkState(new float[] {-2.5e9f}, new float[] {7f}));
    LearnerState avg = new LearnerStateAverage().add(s, 3.0, 2).average();
    assertThat(avg.actor().params()).containsExactly(s.actor().params());
    assertThat(avg.actor().updaterState()).containsExactly(s.actor().updaterState());
    assertThat(avg.critic().params()).containsExactly(s.critic().params());
    assertThat(avg.critic().updaterState()).containsExactly(s.critic().updaterState());
  }

  @Test
  void mergedPartialAveragesEqualOneAverageOfAll() {
    LearnerStateAverage left = new LearnerStateAverage().add(state(1), 1.0, 1);
    LearnerStateAverage right =
        new LearnerStateAverage().add(state(2), 2.0, 1).add(state(6), 6.0, 2);
    LearnerStateAverage all = new LearnerStateAverage().merge(left).merge(right);
    LearnerState avg = all.average();
    assertThat(all.count()).isEqualTo(3);
    assertThat(avg.actor().params()).containsExactly(3f, 4f);
    assertThat(avg.actor().updaterState()).containsExactly(6f);
    assertThat(avg.critic().params()).containsExactly(-3f);
    assertThat(all.meanLoss()).isEqualTo(9.0 / 4);
    assertThat(new LearnerStateAverage().merge(new LearnerStateAverage()).count()).isZero();
  }

  @Test
  void rejectsStatesOfDifferentSizesAndEmptyAverages() {
    LearnerStateAverage avg = new LearnerStateAverage().add(state(1), 0, 0);
    LearnerState other =
        new LearnerState(
            new NetworkState(new float[] {1}, new float[] {1}),
            new NetworkState(new float[] {1}, new float[0]));
    assertThatThrownBy(() -> avg.add(other, 0, 0)).hasMessageContaining("state part 0 has 1");
    assertThatThrownBy(() -> new LearnerStateAverage().average())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void averagesNetworkStatesAndKeepsASingleOneExactThroughMerges() {
    NetworkState a = new NetworkState(new float[] {0.1f, 3.3333333f}, new float[] {1e-7f});
    NetworkState b = new NetworkState(new float[] {0.3f, -1f}, new float[] {3e-7f});
    LearnerStateAverage one =
        new LearnerStateAverage()
            .merge(new LearnerStateAverage())
            .merge(new LearnerStateAverage().add(a, 4.0, 2));
    assertThat(one.averageNetwork().params()).containsExactly(a.params());
    assertThat(one.averageNetwork().updaterState()).containsExactly(a.updaterState());
    LearnerStateAverage two = one.merge(new LearnerStateAverage().add(b, 2.0, 1));
    NetworkState mean = two.averageNetwork();
    assertThat(mean.params())
        .containsExactly((float) ((0.1f + 0.3) / 2), (float) ((3.3333333f - 1.0) / 2));
    assertThat(mean.updaterState()).containsExactly((float) ((1e-7f + (double) 3e-7f) / 2));
    assertThat(two.meanLoss()).isEqualTo(2.0);
    assertThat(a.params()).containsExactly(0.1f, 3.3333333f);
  }

  @Test
  void refusesToMixLearnerAndNetworkStates() {
    NetworkState n = new NetworkState(new float[] {1}, new float[] {1});
    assertThatThrownBy(() -> new LearnerStateAverage().add(n, 0, 0).average())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 parts");
    assertThatThrownBy(() -> new LearnerStateAverage().add(state(1), 0, 0).averageNetwork())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("4 parts");
    assertThatThrownBy(() -> new LearnerStateAverage().add(state(1), 0, 0).add(n, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 parts cannot join states of 4 parts");
  }

  @Test
  void survivesJavaSerialisation() throws Exception {
    LearnerStateAverage avg = new LearnerStateAverage().add(state(4), 1.5, 3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(avg);
    }
    LearnerStateAverage back;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (LearnerStateAverage) in.readObject();
    }
    assertThat(back.average().actor().params()).containsExactly(4f, 5f);
    assertThat(back.meanLoss()).isEqualTo(0.5);
  }
}
