package io.sparkrl.core.algo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.config.ScalerType;
import io.sparkrl.core.preprocessing.ObservationScalers;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ObservationBatchTest {

  @Test
  void stacksImageFramesNewestLastThenScales() {
    // 1×1×2 frames: row t holds {10t, 10t+1}
    byte[] frames = {0, 1, 10, 11, 20, 21};
    Episode e =
        Episode.ofImages(
            "img",
            ObservationShape.image(1, 1, 2),
            frames,
            new int[3],
            new float[3],
            null,
            EndKind.TERMINAL);
    ObservationBatch batch =
        new ObservationBatch(
            new int[] {1, 1, 2},
            2,
            ObservationScalers.fit(ScalerSpec.of(ScalerType.PIXEL), List.of(e), 2));
    assertThat(batch.inputShape()).containsExactly(2, 1, 2);
    INDArray x = batch.build(List.of(e), new int[][] {{0, 2}, {0, 0}});
    assertThat(x.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(x.shape()).containsExactly(2, 2, 1, 2);
    float s = 1f / 255f;
    assertThat(x.data().asFloat())
        .usingComparatorWithPrecision(1e-7f)
        .containsExactly(10 * s, 11 * s, 20 * s, 21 * s, 0, 0, 0, s);
  }

  @Test
  void vectorsAreNeverStacked() {
    Episode e =
        Episode.ofVectors(
            "v", 2, new float[] {1, 2, 3, 4}, new int[2], new float[2], null, EndKind.TERMINAL);
    ObservationBatch batch = new ObservationBatch(new int[] {2}, 4, null);
    assertThat(batch.inputShape()).containsExactly(2);
    assertThat(batch.gather(List.of(e), new int[][] {{0, 1}, {0, 0}})).containsExactly(3, 4, 1, 2);
  }
}
