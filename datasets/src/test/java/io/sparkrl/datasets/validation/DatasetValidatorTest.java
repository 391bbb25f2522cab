package io.sparkrl.datasets.validation;

import static io.sparkrl.datasets.validation.TestRows.EXP;
import static io.sparkrl.datasets.validation.TestRows.episode;
import static io.sparkrl.datasets.validation.TestRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.EpisodeSink;
import io.sparkrl.datasets.RejectedEpisodeSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetValidatorTest {

  private static final String DATASET = "file:/data/episodes";

  /** Keeps accepted episodes in memory. */
  private static final class ListSink implements EpisodeSink {
    final List<Episode> episodes = new ArrayList<>();

    @Override
    public void accept(Episode episode) {
      episodes.add(episode);
    }

    @Override
    public void close() {}
  }

  /** Keeps rejected episodes in memory. */
  private static final class Quarantine implements RejectedEpisodeSink {
    final List<String> ids = new ArrayList<>();
    final List<EpisodeRow> rows = new ArrayList<>();
    final List<List<ValidationError>> reasons = new ArrayList<>();

    @Override
    public void reject(String episodeId, List<EpisodeRow> rows, List<ValidationError> errors) {
      ids.add(episodeId);
      this.rows.addAll(rows);
      reasons.add(errors);
    }

    @Override
    public void close() {}
  }

  /**
   * 10 valid episodes (ids v0..v9) and 4 bad ones: b0 has an action out of range, b1 a step gap, b2
   * no end flag, b3 a NaN reward and an early flag; shuffled into one stream.
   */
  private static List<EpisodeRow> mixedDataset(List<EpisodeRow> badRows) {
    List<EpisodeRow> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.addAll(episode("v" + i, 3 + i, i % 3 == 0 ? EndKind.TIMEOUT : EndKind.TERMINAL));
    }
    List<EpisodeRow> b0 = episode("b0", 4, EndKind.TERMINAL);
    b0.set(1, TestRows.withAction(b0.get(1), 9));
    List<EpisodeRow> b1 = episode("b1", 5, EndKind.TIMEOUT);
    b1.remove(2);
    List<EpisodeRow> b2 = episode("b2", 3, EndKind.TERMINAL);
    b2.set(2, row("b2", 2));
    List<EpisodeRow> b3 = episode("b3", 3, EndKind.TERMINAL);
    b3.set(0, TestRows.withFlags(TestRows.withReward(b3.get(0), Float.NaN), false, true));
    for (List<EpisodeRow> bad : List.of(b0, b1, b2, b3)) {
      badRows.addAll(bad);
      rows.addAll(bad);
    }
    Collections.shuffle(rows, new Random(42));
    return rows;
  }

  @Test
  void quarantineAcceptsTheGoodAndQuarantinesEveryBadRowWithReasons() throws IOException {
    List<EpisodeRow> badRows = new ArrayList<>();
    List<EpisodeRow> rows = mixedDataset(badRows);
    ListSink accepted = new ListSink();
    Quarantine rejected = new Quarantine();

    ValidationReport report =
        DatasetValidator.validate(
            rows.iterator(), DATASET, EXP, ValidationMode.QUARANTINE, accepted, rejected);

    assertThat(report.episodesRead()).isEqualTo(14);
    assertThat(report.rowsRead()).isEqualTo(rows.size());
    assertThat(report.episodesAccepted() + report.episodesRejected())
        .isEqualTo(report.episodesRead());
    assertThat(report.rowsAccepted() + report.rowsRejected()).isEqualTo(report.rowsRead());
    assertThat(accepted.episodes).hasSize(10);
    assertThat(accepted.episodes.stream().mapToLong(Episode::length).sum())
        .isEqualTo(report.rowsAccepted());
    assertThat(report.episodesRejected()).isEqualTo(4);
    assertThat(rejected.ids).containsExactlyInAnyOrder("b0", "b1", "b2", "b3");
    assertThat(rejected.rows).containsExactlyInAnyOrderElementsOf(badRows);
    assertThat(rejected.reasons).allSatisfy(r -> assertThat(r).isNotEmpty());
    List<ValidationRule> rules =
        rejected.reasons.stream().flatMap(List::stream).map(ValidationError::rule).toList();
    assertThat(rules)
        .containsExactlyInAnyOrder(
            ValidationRule.ACTION_OUT_OF_RANGE,
            ValidationRule.STEP_GAP,
            ValidationRule.NO_END_FLAG,
            ValidationRule.NON_FINITE_REWARD,
            ValidationRule.EARLY_END_FLAG);
    assertThat(report.errorCount()).isEqualTo(5);
    assertThat(report.ok()).isFalse();
    assertThat(report.firstErrors())
        .map(ValidationError::toString)
        .contains("part-00003.parquet, episode b0, step 1: action 9 is outside [0, 2)");
    assertThat(report.summary()).startsWith("4 of 14 episodes rejected (5 errors); first errors: ");
  }

  @Test
  void strictModeCountsEveryErrorAndWritesNothingForBadEpisodes() throws IOException {
    List<EpisodeRow> badRows = new ArrayList<>();
    List<EpisodeRow> rows = mixedDataset(badRows);
    ListSink accepted = new ListSink();

    ValidationReport report =
        DatasetValidator.validate(
            rows.iterator(), DATASET, EXP, ValidationMode.STRICT, accepted, null);

    assertThat(report.ok()).isFalse();
    assertThat(report.rowsRead()).isEqualTo(rows.size());
    assertThat(report.episodesRejected()).isEqualTo(4);
    assertThat(report.rowsRejected()).isEqualTo(badRows.size());
    assertThat(report.errorCount()).isEqualTo(5);
    assertThat(accepted.episodes).extracting(Episode::id).allMatch(id -> id.startsWith("v"));
  }

  @Test
  void validDatasetIsOk() throws IOException {
    List<EpisodeRow> rows = new ArrayList<>(episode("a", 3, EndKind.TERMINAL));
    rows.addAll(episode("b", 4, EndKind.TIMEOUT));
    ListSink accepted = new ListSink();
    ValidationReport report =
        DatasetValidator.validate(
            rows.iterator(), DATASET, EXP, ValidationMode.STRICT, accepted, null);
    assertThat(report.ok()).isTrue();
    assertThat(report.summary()).isEqualTo("all 2 episodes (7 rows) valid");
    assertThat(accepted.episodes).extracting(Episode::transitionCount).containsExactly(3, 3);
    // accepted == null only checks
    assertThat(
            DatasetValidator.validate(
                rows.iterator(), DATASET, EXP, ValidationMode.STRICT, null, null))
        .isEqualTo(report);
  }

  @Test
  void emptyDatasetIsAnError() throws IOException {
    ValidationReport report =
        DatasetValidator.validate(
            Collections.emptyIterator(),
            DATASET,
            EXP,
            ValidationMode.QUARANTINE,
            null,
            new Quarantine());
    assertThat(report.ok()).isFalse();
    assertThat(report.episodesRead()).isZero();
    assertThat(report.firstErrors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.rule()).isEqualTo(ValidationRule.EMPTY_DATASET);
              assertThat(e.toString()).isEqualTo("file:/data/episodes: the dataset has no rows");
            });
  }

  @Test
  void lateRowsAreQuarantinedNotDropped() throws IOException {
    List<EpisodeRow> rows = new ArrayList<>(episode("a", 3, EndKind.TERMINAL));
    rows.addAll(episode("b", 2, EndKind.TERMINAL));
    rows.add(row("a", 1));
    Quarantine rejected = new Quarantine();
    ValidationReport report =
        DatasetValidator.validate(
            rows.iterator(), DATASET, EXP, ValidationMode.QUARANTINE, new ListSink(), rejected);
    assertThat(report.episodesRead()).isEqualTo(3);
    assertThat(report.episodesAccepted()).isEqualTo(2);
    assertThat(report.rowsRejected()).isEqualTo(1);
    assertThat(rejected.reasons)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .extracting(ValidationError::rule)
                    .containsExactly(ValidationRule.DUPLICATE_STEP));
  }

  @Test
  void reportKeepsTheFirstTwentyErrorsAndCountsAll() throws IOException {
    List<EpisodeRow> rows = new ArrayList<>();
    for (EpisodeRow r : episode("a", 30, EndKind.TERMINAL)) {
      rows.add(TestRows.withAction(r, 7));
    }
    ValidationReport report =
        DatasetValidator.validate(rows.iterator(), DATASET, EXP, ValidationMode.STRICT, null, null);
    assertThat(report.errorCount()).isEqualTo(30);
    assertThat(report.firstErrors()).hasSize(ValidationReport.MAX_FIRST_ERRORS);
    assertThat(report.firstErrors().get(0).step()).isZero();
    assertThat(report.firstErrors().get(19).step()).isEqualTo(19L);
    assertThat(report.summary()).endsWith("; and 10 more");
    ValidationReport twice = report.merge(report);
    assertThat(twice.errorCount()).isEqualTo(60);
    assertThat(twice.firstErrors()).hasSize(ValidationReport.MAX_FIRST_ERRORS);
  }

  @Test
  void quarantineNeedsARejectedSinkAndTheReportEnforcesTheInvariant() {
    assertThatThrownBy(
            () ->
                DatasetValidator.validate(
                    Collections.emptyIterator(),
                    DATASET,
                    EXP,
                    ValidationMode.QUARANTINE,
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ValidationReport(3, 10, 1, 4, 1, 6, 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 accepted + 1 rejected episodes != 3 read");
  }
}
