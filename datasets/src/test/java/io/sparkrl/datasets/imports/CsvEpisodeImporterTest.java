package io.sparkrl.datasets.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvEpisodeImporterTest {

  @TempDir Path dir;

  private Path csv(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private static List<EpisodeRow> importAll(Path file) {
    try (CsvEpisodeImporter importer = CsvEpisodeImporter.open(file)) {
      List<EpisodeRow> rows = new ArrayList<>();
      importer.rows().forEachRemaining(rows::add);
      assertThat(importer.rowsRead()).isEqualTo(rows.size());
      return rows;
    }
  }

  private static void assertImportError(
      ThrowingCallable call, ValidationRule rule, String column, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> {
              assertThat(e.error().rule()).isEqualTo(rule);
              assertThat(e.error().column()).isEqualTo(column);
            })
        .hasMessage(message);
  }

  @Test
  void readsRowsWithColumnsInAnyOrder() throws IOException {
    Path file =
        csv(
            "data.csv",
            "step,episode_id,obs_1,obs_0,action,reward,terminal",
            "0,ep-a,0.5,1.5,2,1.25,0",
            "1,ep-a,-1,2e-3,0,-3,false",
            "2,ep-a,7,8,1,0.5,TRUE",
            "0,17,0,0,1,0,1");
    try (CsvEpisodeImporter importer = CsvEpisodeImporter.open(file)) {
      assertThat(importer.observationLength()).isEqualTo(2);
      assertThat(importer.hasTimeout()).isFalse();
      assertThat(importer.hasActionProb()).isFalse();
    }
    List<EpisodeRow> rows = importAll(file);
    assertThat(rows)
        .extracting(EpisodeRow::episodeId)
        .containsExactly("ep-a", "ep-a", "ep-a", "17");
    assertThat(rows).extracting(EpisodeRow::step).containsExactly(0L, 1L, 2L, 0L);
    assertThat(rows.get(0).vector()).containsExactly(1.5f, 0.5f);
    assertThat(rows.get(1).vector()).containsExactly(2e-3f, -1f);
    assertThat(rows).extracting(EpisodeRow::action).containsExactly(2, 0, 1, 1);
    assertThat(rows).extracting(EpisodeRow::reward).containsExactly(1.25f, -3f, 0.5f, 0f);
    assertThat(rows).extracting(EpisodeRow::terminal).containsExactly(false, false, true, true);
    assertThat(rows).extracting(EpisodeRow::timeout).containsOnly(false);
    assertThat(rows).extracting(EpisodeRow::source).containsOnly("data.csv");
    assertThat(rows).allMatch(r -> Float.isNaN(r.actionProb()) && r.image() == null);
  }

  @Test
  void readsOptionalColumnsSpecialNumbersQuotesBlankLinesAndAByteOrderMark() throws IOException {
    Path file =
        csv(
            "opt.csv",
            "\uFEFFepisode_id, step, obs_0, action, reward, terminal, timeout, action_prob",
            "\"a,1\",0,nan,2.0,inf,0,0,0.25",
            "",
            "\"a,1\",1,-inf,1,1,0,1,1",
            "b,0,3,0,-Infinity,1,false,0.5");
    try (CsvEpisodeImporter importer = CsvEpisodeImporter.open(file)) {
      assertThat(importer.hasTimeout()).isTrue();
      assertThat(importer.hasActionProb()).isTrue();
    }
    List<EpisodeRow> rows = importAll(file);
    assertThat(rows).extracting(EpisodeRow::episodeId).containsExactly("a,1", "a,1", "b");
    assertThat(rows.get(0).vector()[0]).isNaN();
    assertThat(rows.get(1).vector()[0]).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(rows).extracting(EpisodeRow::action).containsExactly(2, 1, 0);
    assertThat(rows)
        .extracting(EpisodeRow::reward)
        .containsExactly(Float.POSITIVE_INFINITY, 1f, Float.NEGATIVE_INFINITY);
    assertThat(rows).extracting(EpisodeRow::timeout).containsExactly(false, true, false);
    assertThat(rows).extracting(EpisodeRow::actionProb).containsExactly(0.25f, 1f, 0.5f);
  }

  @Test
  void streamsLazilyAndFailsOnlyWhenTheBadLineIsReached() throws IOException {
    Path file =
        csv(
            "data.csv",
            "episode_id,step,obs_0,action,reward,terminal",
            "0,0,1,0,1,0",
            "",
            "0,1,1,0,abc,1");
    try (CsvEpisodeImporter importer = CsvEpisodeImporter.open(file)) {
      Iterator<EpisodeRow> rows = importer.rows();
      assertThat(rows.next().step()).isZero();
      assertImportError(
          rows::next,
          ValidationRule.MISTYPED_COLUMN,
          "reward",
          "data.csv: line 4, column reward: \"abc\" is not a number");
      assertThatThrownBy(importer::rows).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void namesTheLineColumnAndValueOfEachBadValue() throws IOException {
    String header = "episode_id,step,obs_0,obs_1,action,reward,terminal,timeout,action_prob";
    String[][] cases = {
      {"0,1.5,0,0,0,0,0,0,1", "step", "\"1.5\" is not an integer"},
      {"0,x,0,0,0,0,0,0,1", "step", "\"x\" is not an integer"},
      {"0,0,0,zz,0,0,0,0,1", "obs_1", "\"zz\" is not a number"},
      {"0,0,0,0,3000000000,0,0,0,1", "action", "\"3000000000\" is out of range"},
      {"0,0,0,0,0,0,yes,0,1", "terminal", "\"yes\" is not a boolean (true, false, 1 or 0)"},
      {"0,0,0,0,0,0,0,2,1", "timeout", "\"2\" is not a boolean (true, false, 1 or 0)"},
      {"0,0,0,0,0,0,0,0,p", "action_prob", "\"p\" is not a number"},
      {" ,0,0,0,0,0,0,0,1", "episode_id", "is empty"},
      {"0,0,0,0,,0,0,0,1", "action", "is empty"},
    };
    for (String[] c : cases) {
      Path file = csv("bad.csv", header, "0,0,0,0,0,0,0,0,1", c[0]);
      assertImportError(
          () -> importAll(file),
          ValidationRule.MISTYPED_COLUMN,
          c[1],
          "bad.csv: line 3, column " + c[1] + ": " + c[2]);
    }
  }

  @Test
  void rejectsRecordsOfTheWrongWidthAndMalformedQuoting() throws IOException {
    Path narrow = csv("w.csv", "episode_id,step,obs_0,action,reward,terminal", "0,0,1,0,1");
    assertImportError(
        () -> importAll(narrow),
        ValidationRule.CORRUPT_FILE,
        null,
        "w.csv: line 2: 5 values, but the header has 6 columns");
    Path quote = csv("q.csv", "episode_id,step,obs_0,action,reward,terminal", "\"0,0,1,0,1,0");
    assertThatThrownBy(() -> importAll(quote))
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> assertThat(e.error().rule()).isEqualTo(ValidationRule.CORRUPT_FILE))
        .hasMessageStartingWith("q.csv: line 2: malformed CSV");
  }

  @Test
  void namesMissingUnknownAndDuplicateColumns() throws IOException {
    String expected =
        "; expected episode_id, step, obs_0..obs_{k-1}, action, reward, terminal[, timeout][,"
            + " action_prob]";
    Path noReward = csv("h.csv", "episode_id,step,obs_0,action,terminal");
    assertImportError(
        () -> CsvEpisodeImporter.open(noReward),
        ValidationRule.MISSING_COLUMN,
        "reward",
        "h.csv: required column reward is missing from the header" + expected);
    Path noObs = csv("h.csv", "episode_id,step,action,reward,terminal");
    assertImportError(
        () -> CsvEpisodeImporter.open(noObs),
        ValidationRule.MISSING_COLUMN,
        "obs_0",
        "h.csv: required column obs_0 is missing from the header" + expected);
    Path gap = csv("h.csv", "episode_id,step,obs_0,obs_2,action,reward,terminal");
    assertImportError(
        () -> CsvEpisodeImporter.open(gap),
        ValidationRule.MISTYPED_COLUMN,
        "obs_1",
        "h.csv: column obs_1 is missing: observation columns must be obs_0..obs_{k-1} without"
            + " gaps, found obs_2");
    Path unknown = csv("h.csv", "episode_id,step,obs_0,action,reward,terminal,info");
    assertImportError(
        () -> CsvEpisodeImporter.open(unknown),
        ValidationRule.MISTYPED_COLUMN,
        "info",
        "h.csv: unknown column \"info\" in the header" + expected);
    Path twice = csv("h.csv", "episode_id,step,obs_0,action,reward,reward,terminal");
    assertImportError(
        () -> CsvEpisodeImporter.open(twice),
        ValidationRule.MISTYPED_COLUMN,
        "reward",
        "h.csv: column reward appears twice in the header (positions 5 and 6)");
  }

  @Test
  void namesEmptyAndUnreadableFiles() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    assertImportError(
        () -> CsvEpisodeImporter.open(empty),
        ValidationRule.MISSING_COLUMN,
        null,
        "empty.csv: the file is empty: no header row");
    assertThatThrownBy(() -> CsvEpisodeImporter.open(dir.resolve("absent.csv")))
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> assertThat(e.error().rule()).isEqualTo(ValidationRule.UNREADABLE_PATH))
        .hasMessageStartingWith("absent.csv: cannot read file");
    Path headerOnly = csv("h.csv", "episode_id,step,obs_0,action,reward,terminal");
    assertThat(importAll(headerOnly)).isEmpty();
  }
}
