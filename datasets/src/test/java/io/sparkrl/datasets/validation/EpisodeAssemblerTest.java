package io.sparkrl.datasets.validation;

import static io.sparkrl.datasets.validation.TestRows.episode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodeAssemblerTest {

  @Test
  void terminalEpisodeHasOneTransitionPerRow() {
    List<EpisodeRow> rows = episode("7", 4, EndKind.TERMINAL);
    Episode e = EpisodeAssembler.assemble(rows, ObservationShape.vector(2));
    assertThat(e.id()).isEqualTo("7");
    assertThat(e.end()).isEqualTo(EndKind.TERMINAL);
    assertThat(e.length()).isEqualTo(4);
    assertThat(e.transitionCount()).isEqualTo(4);
    assertThat(e.isTerminal(3)).isTrue();
    for (int t = 0; t < 4; t++) {
      assertThat(e.observation(t)).containsExactly(TestRows.vector(t));
      assertThat(e.action(t)).isEqualTo(t % 2);
      assertThat(e.reward(t)).isEqualTo((float) t);
    }
    assertThat(e.hasActionProbs()).isFalse();
  }

  @Test
  void timeoutEpisodeUsesItsLastRowOnlyAsBootstrapState() {
    Episode e =
        EpisodeAssembler.assemble(episode("7", 4, EndKind.TIMEOUT), ObservationShape.vector(2));
    assertThat(e.end()).isEqualTo(EndKind.TIMEOUT);
    assertThat(e.length()).isEqualTo(4);
    assertThat(e.transitionCount()).isEqualTo(3);
    assertThat(e.isTerminal(3)).isFalse();
  }

  @Test
  void actionProbsOnlyWhenEveryRowHasOne() {
    List<EpisodeRow> rows = new ArrayList<>();
    for (EpisodeRow r : episode("7", 3, EndKind.TERMINAL)) {
      rows.add(TestRows.withProb(r, 0.25f * (r.step() + 1)));
    }
    Episode all = EpisodeAssembler.assemble(rows, ObservationShape.vector(2));
    assertThat(all.hasActionProbs()).isTrue();
    assertThat(all.actionProb(2)).isEqualTo(0.75f);
    rows.set(1, TestRows.withProb(rows.get(1), Float.NaN));
    assertThat(EpisodeAssembler.assemble(rows, ObservationShape.vector(2)).hasActionProbs())
        .isFalse();
  }

  @Test
  void imagesAreCopiedFrameByFrame() {
    ObservationShape shape = ObservationShape.image(1, 2, 2);
    List<EpisodeRow> rows = new ArrayList<>();
    for (EpisodeRow r : episode("img", 2, EndKind.TIMEOUT)) {
      byte v = (byte) (200 + r.step()); // above 127: read back as unsigned
      rows.add(TestRows.withObservation(r, null, new byte[] {v, v, 0, 1}));
    }
    Episode e = EpisodeAssembler.assemble(rows, shape);
    assertThat(e.shape()).isEqualTo(shape);
    assertThat(e.imageData()).hasSize(8);
    assertThat(e.observation(0)).containsExactly(200f, 200f, 0f, 1f);
    assertThat(e.observation(1)).containsExactly(201f, 201f, 0f, 1f);
    assertThat(e.transitionCount()).isEqualTo(1);
  }

  @Test
  void invalidRowsAreRefused() {
    List<EpisodeRow> noFlag = episode("7", 2, EndKind.TERMINAL);
    noFlag.set(1, TestRows.withFlags(noFlag.get(1), false, false));
    assertThatThrownBy(() -> EpisodeAssembler.assemble(noFlag, ObservationShape.vector(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("episode 7, step 1");
    assertThatThrownBy(
            () ->
                EpisodeAssembler.assemble(
                    episode("7", 2, EndKind.TERMINAL), ObservationShape.vector(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("episode 7, step 0: observation does not match [3]");
  }
}
