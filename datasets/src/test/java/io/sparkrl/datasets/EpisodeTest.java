package io.sparkrl.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EpisodeTest {

  private static Episode vectors(EndKind end) {
    float[] obs = {0, 1, 10, 11, 20, 21};
    return Episode.ofVectors("7", 2, obs, new int[] {0, 1, 0}, new float[] {1, 2, 3}, null, end);
  }

  @Test
  void terminalEpisodeHasATransitionPerRowAndNoSuccessorAtTheEnd() {
    Episode e = vectors(EndKind.TERMINAL);
    assertThat(e.transitionCount()).isEqualTo(3);
    assertThat(e.isTerminal(2)).isTrue();
    assertThat(e.isTerminal(1)).isFalse();
    assertThat(e.hasNext(2)).isFalse();
    float[] next = {9, 9, 9, 9};
    e.copyNextObservation(0, next, 0);
    e.copyNextObservation(2, next, 2);
    assertThat(next).containsExactly(10, 11, 0, 0);
    assertThat(e.isTimeout(1)).isFalse();
  }

  @Test
  void cutOffEpisodeUsesItsLastRowOnlyAsBootstrapState() {
    Episode e = vectors(EndKind.TIMEOUT);
    assertThat(e.transitionCount()).isEqualTo(2);
    assertThat(e.isTimeout(1)).isTrue();
    assertThat(e.isTerminal(1)).isFalse();
    assertThat(e.hasNext(1)).isTrue();
    float[] next = new float[2];
    e.copyNextObservation(1, next, 0);
    assertThat(next).containsExactly(20, 21);
  }

  @Test
  void imagesReadAsZeroTo255() {
    byte[] frames = {0, (byte) 255, (byte) 128, 1};
    Episode e =
        Episode.ofImages(
            "a",
            ObservationShape.image(1, 1, 2),
            frames,
            new int[] {0, 1},
            new float[] {0, 1},
            null,
            EndKind.TERMINAL);
    assertThat(e.observation(0)).containsExactly(0f, 255f);
    assertThat(e.observation(1, 0)).isEqualTo(128f);
  }

  @Test
  void inconsistentColumnsAreRejected() {
    assertThatThrownBy(
            () ->
                Episode.ofVectors(
                    "x", 2, new float[3], new int[] {0, 1}, new float[2], null, EndKind.TERMINAL))
        .hasMessageContaining("episode x: 3 observation values for 2 rows of shape [2]");
    assertThatThrownBy(
            () ->
                Episode.ofVectors(
                    "y", 2, new float[4], new int[] {0, 1}, new float[1], null, EndKind.TERMINAL))
        .hasMessageContaining("episode y: column lengths disagree");
  }
}
