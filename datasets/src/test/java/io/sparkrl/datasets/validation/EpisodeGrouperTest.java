package io.sparkrl.datasets.validation;

import static io.sparkrl.datasets.validation.TestRows.episode;
import static io.sparkrl.datasets.validation.TestRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.EpisodeRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodeGrouperTest {

  private static List<EpisodeGroup> groupAll(List<EpisodeRow> rows) {
    List<EpisodeGroup> groups = new ArrayList<>();
    EpisodeAssembler.group(rows.iterator()).forEachRemaining(groups::add);
    return groups;
  }

  @Test
  void contiguousEpisodesAreHandedOnOneAtATime() {
    List<EpisodeRow> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rows.addAll(episode("e" + i, 5, i % 2 == 0 ? EndKind.TERMINAL : EndKind.TIMEOUT));
    }
    EpisodeGrouper grouper = new EpisodeGrouper(rows.iterator());
    int count = 0;
    while (grouper.hasNext()) {
      EpisodeGroup g = grouper.next();
      assertThat(grouper.openEpisodeCount()).isLessThanOrEqualTo(1);
      assertThat(g.episodeId()).isEqualTo("e" + count);
      assertThat(g.rows()).hasSize(5);
      assertThat(g.isLate()).isFalse();
      count++;
    }
    assertThat(count).isEqualTo(50);
  }

  @Test
  void interleavedAndShuffledEpisodesAreReassembled() {
    List<EpisodeRow> a = episode("a", 4, EndKind.TERMINAL);
    List<EpisodeRow> b = episode("b", 3, EndKind.TIMEOUT);
    List<EpisodeRow> c = episode("c", 2, EndKind.TERMINAL);
    List<EpisodeRow> rows =
        List.of(
            a.get(0), b.get(2), a.get(2), c.get(1), b.get(0), a.get(1), c.get(0), a.get(3),
            b.get(1));
    List<EpisodeGroup> groups = groupAll(rows);
    assertThat(groups).extracting(EpisodeGroup::episodeId).containsExactly("c", "a", "b");
    assertThat(groups.get(1).sortedByStep()).containsExactlyElementsOf(a);
    assertThat(groups.get(2).sortedByStep()).containsExactlyElementsOf(b);
    for (EpisodeGroup g : groups) {
      assertThat(EpisodeRules.checkEpisode(g.sortedByStep())).isEmpty();
    }
  }

  @Test
  void incompleteEpisodesAreHandedOnAtTheEnd() {
    List<EpisodeRow> rows = new ArrayList<>(episode("a", 3, EndKind.TERMINAL));
    rows.remove(1);
    rows.add(row("b", 0));
    List<EpisodeGroup> groups = groupAll(rows);
    assertThat(groups).extracting(EpisodeGroup::episodeId).containsExactly("a", "b");
    assertThat(groups.get(0).rows()).hasSize(2);
  }

  @Test
  void earlyEndFlagInAContiguousEpisodeDoesNotSplitIt() {
    List<EpisodeRow> rows = episode("a", 5, EndKind.TERMINAL);
    rows.set(2, TestRows.withFlags(rows.get(2), true, false));
    List<EpisodeGroup> groups = groupAll(rows);
    assertThat(groups).hasSize(1);
    assertThat(EpisodeRules.checkEpisode(groups.get(0).sortedByStep()))
        .extracting(ValidationError::rule)
        .containsExactly(ValidationRule.EARLY_END_FLAG);
  }

  @Test
  void rowsForAnEpisodeAlreadyHandedOnFormALateGroup() {
    List<EpisodeRow> rows = new ArrayList<>(episode("a", 3, EndKind.TERMINAL));
    rows.addAll(episode("b", 2, EndKind.TERMINAL));
    EpisodeRow again = row("a", 1);
    EpisodeRow after = row("a", 3);
    rows.add(again);
    rows.add(after);
    List<EpisodeGroup> groups = groupAll(rows);
    assertThat(groups).extracting(EpisodeGroup::episodeId).containsExactly("a", "b", "a");
    EpisodeGroup late = groups.get(2);
    assertThat(late.isLate()).isTrue();
    assertThat(late.earlierLastStep()).isEqualTo(2L);
    assertThat(late.rows()).containsExactly(again, after);
    assertThat(groups.stream().mapToInt(g -> g.rows().size()).sum()).isEqualTo(rows.size());
  }
}
