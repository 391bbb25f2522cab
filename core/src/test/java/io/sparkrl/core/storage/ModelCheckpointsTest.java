package io.sparkrl.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelCheckpointsTest {

  @Test
  void savesFromEpochZeroEveryInterval() {
    ModelCheckpoints every3 = new ModelCheckpoints(3);
    List<Integer> saved = new ArrayList<>();
    for (int epoch = 0; epoch < 10; epoch++) {
      if (every3.shouldSave(epoch)) {
        saved.add(epoch);
      }
    }
    // n_epochs = 10: the last epoch (9) falls on the interval, 8 would not.
    assertThat(saved).containsExactly(0, 3, 6, 9);
    ModelCheckpoints d = ModelCheckpoints.defaults();
    assertThat(d.saveInterval()).isEqualTo(1);
    assertThat(d.shouldSave(0)).isTrue();
    assertThat(d.shouldSave(7)).isTrue();
  }

  @Test
  void namesRoundTrip() {
    assertThat(ModelCheckpoints.fileName(0)).isEqualTo("model_0.zip");
    assertThat(ModelCheckpoints.fileName(42)).isEqualTo("model_42.zip");
    assertThat(ModelCheckpoints.parseEpoch("model_42.zip")).isEqualTo(OptionalInt.of(42));
    for (String other :
        new String[] {
          "model_.zip",
          "model_01.zip",
          "model_1.pt",
          "xmodel_1.zip",
          "model_-1.zip",
          "model_99999999999.zip"
        }) {
      assertThat(ModelCheckpoints.parseEpoch(other)).as(other).isEmpty();
    }
  }

  @Test
  void latestIsTheHighestEpochNotTheLastNameInOrder() {
    assertThat(
            ModelCheckpoints.latest(
                java.util.List.of("model_9.zip", "model_10.zip", "params.json", "model_2.zip")))
        .contains("model_10.zip");
    assertThat(ModelCheckpoints.latest(java.util.List.of("params.json", "model_x.zip"))).isEmpty();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new ModelCheckpoints(0)).hasMessageContaining("save_interval");
    assertThatThrownBy(() -> ModelCheckpoints.fileName(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> ModelCheckpoints.defaults().shouldSave(-2)).hasMessageContaining("-2");
  }
}
