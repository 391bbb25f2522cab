package io.sparkrl.core.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import org.junit.jupiter.api.Test;

class FrameStackerTest {

  private static final int F = 3;

  /**
   * Images of C channels, 1×2 pixels; value at row t, channel c, pixel p is 100·(t+1) + 10·c + p.
   */
  private static Episode episode(int channels, int rows, EndKind end) {
    int size = channels * 2;
    byte[] frames = new byte[rows * size];
    for (int t = 0; t < rows; t++) {
      for (int c = 0; c < channels; c++) {
        for (int p = 0; p < 2; p++) {
          frames[t * size + c * 2 + p] = (byte) ((t + 1) * 50 + 10 * c + p);
        }
      }
    }
    return Episode.ofImages(
        "e",
        ObservationShape.image(channels, 1, 2),
        frames,
        new int[rows],
        new float[rows],
        null,
        end);
  }

  private static float v(int t, int c, int p) {
    return (t + 1) * 50 + 10 * c + p;
  }

  @Test
  void singleChannelStacksNewestLastWithZerosBeforeTheStart() {
    Episode e = episode(1, 4, EndKind.TERMINAL);
    float[] dst = new float[F * 2 + 1];
    FrameStacker.stack(e, 0, F, dst, 1);
    assertThat(dst).containsExactly(0, 0, 0, 0, 0, v(0, 0, 0), v(0, 0, 1));
    FrameStacker.stack(e, 1, F, dst, 1);
    assertThat(dst).containsExactly(0, 0, 0, v(0, 0, 0), v(0, 0, 1), v(1, 0, 0), v(1, 0, 1));
    FrameStacker.stack(e, 3, F, dst, 1);
    assertThat(dst)
        .containsExactly(0, v(1, 0, 0), v(1, 0, 1), v(2, 0, 0), v(2, 0, 1), v(3, 0, 0), v(3, 0, 1));
  }

  @Test
  void twoChannelsKeepEachFramesChannelsTogether() {
    Episode e = episode(2, 3, EndKind.TIMEOUT);
    float[] dst = new float[F * 4];
    FrameStacker.stack(e, 1, F, dst, 0);
    assertThat(dst)
        .containsExactly(
            0,
            0,
            0,
            0,
            v(0, 0, 0),
            v(0, 0, 1),
            v(0, 1, 0),
            v(0, 1, 1),
            v(1, 0, 0),
            v(1, 0, 1),
            v(1, 1, 0),
            v(1, 1, 1));
    FrameStacker.stack(e, 2, F, dst, 0);
    assertThat(dst)
        .containsExactly(
            v(0, 0, 0),
            v(0, 0, 1),
            v(0, 1, 0),
            v(0, 1, 1),
            v(1, 0, 0),
            v(1, 0, 1),
            v(1, 1, 0),
            v(1, 1, 1),
            v(2, 0, 0),
            v(2, 0, 1),
            v(2, 1, 0),
            v(2, 1, 1));
    assertThat(FrameStacker.stackedDims(e.shape().dims(), F)).containsExactly(6, 1, 2);
  }

  @Test
  void nextStateIsTheSuccessorRowsStack() {
    Episode e = episode(2, 3, EndKind.TERMINAL);
    float[] next = new float[F * 4];
    float[] expected = new float[F * 4];
    for (int t = 0; t < 2; t++) {
      FrameStacker.stackNext(e, t, F, next, 0);
      FrameStacker.stack(e, t + 1, F, expected, 0);
      assertThat(next).containsExactly(expected);
    }
    FrameStacker.stackNext(e, 2, F, next, 0);
    assertThat(next)
        .containsExactly(
            v(1, 0, 0),
            v(1, 0, 1),
            v(1, 1, 0),
            v(1, 1, 1),
            v(2, 0, 0),
            v(2, 0, 1),
            v(2, 1, 0),
            v(2, 1, 1),
            0,
            0,
            0,
            0);
  }

  @Test
  void evaluationStackerEqualsDatasetStackingAlongAnEpisode() {
    for (int channels : new int[] {1, 2}) {
      Episode e = episode(channels, 5, EndKind.TERMINAL);
      StackedObservation stacker = new StackedObservation(e.shape().size(), F);
      stacker.push(new float[e.shape().size()]);
      stacker.push(e.observation(4));
      stacker.reset();
      assertThat(stacker.current()).containsOnly(0f);
      float[] expected = new float[F * e.shape().size()];
      for (int t = 0; t < e.length(); t++) {
        stacker.push(e.observation(t));
        FrameStacker.stack(e, t, F, expected, 0);
        assertThat(stacker.current()).as("C=%d, t=%d", channels, t).containsExactly(expected);
      }
    }
  }

  @Test
  void oneFrameIsAPlainCopyAndBadRowsAreRejected() {
    Episode e = episode(1, 2, EndKind.TERMINAL);
    float[] dst = new float[2];
    FrameStacker.stack(e, 1, 1, dst, 0);
    assertThat(dst).containsExactly(e.observation(1));
    assertThatThrownBy(() -> FrameStacker.stack(e, 2, F, new float[6], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 2");
    assertThatThrownBy(() -> new StackedObservation(2, F).push(new float[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
