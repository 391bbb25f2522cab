package io.sparkrl.datasets.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by other tools: Spark's nullable columns, doubles, int64, legacy lists. */
class EpisodeParquetReaderCompatibilityTest {

  private static final String SPARK_SCHEMA =
      "message spark_schema { optional int64 episode_id; optional int64 step;"
          + " optional group observation (LIST) { repeated group list { optional double element; } }"
          + " optional int64 action; optional double reward; optional boolean terminal;"
          + " optional boolean timeout; optional double action_prob; optional binary note (STRING); }";

  @TempDir Path dir;

  private static List<EpisodeRow> read(Path path) {
    try (EpisodeParquetReader reader = EpisodeParquetReader.open(path)) {
      return RowsToEpisodes.readAll(reader);
    }
  }

  @Test
  void readsSparkStyleNullableDoublesAndInt64() throws IOException {
    Path part = dir.resolve("part-00000-1f2e-c000.snappy.parquet");
    GroupFixtures.write(
        part,
        SPARK_SCHEMA,
        rows -> {
          for (int t = 0; t < 3; t++) {
            Group g = rows.row();
            g.add("episode_id", 42L);
            g.add("step", (long) t);
            Group list = g.addGroup("observation");
            list.addGroup("list").append("element", 0.25 * t);
            list.addGroup("list").append("element", -1.5);
            g.add("action", (long) t % 2);
            g.add("reward", 1.0 + t);
            g.add("terminal", t == 2);
            if (t == 1) {
              g.add("action_prob", 0.5); // the others leave action_prob and timeout null
            }
            g.add("note", "ignored");
            rows.write(g);
          }
        });
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.writeString(dir.resolve(".part-00000-1f2e-c000.snappy.parquet.crc"), "junk");

    List<EpisodeRow> rows = read(dir);

    assertThat(rows).hasSize(3);
    EpisodeRow second = rows.get(1);
    assertThat(second.source()).isEqualTo("part-00000-1f2e-c000.snappy.parquet");
    assertThat(second.episodeId()).isEqualTo("42");
    assertThat(second.step()).isEqualTo(1);
    assertThat(second.vector()).containsExactly(0.25f, -1.5f);
    assertThat(second.image()).isNull();
    assertThat(second.action()).isEqualTo(1);
    assertThat(second.reward()).isEqualTo(2.0f);
    assertThat(second.actionProb()).isEqualTo(0.5f);
    assertThat(rows.get(0).actionProb()).isNaN();
    assertThat(rows).extracting(EpisodeRow::terminal).containsExactly(false, false, true);
    assertThat(rows).extracting(EpisodeRow::timeout).containsOnly(false);
  }

  @Test
  void readsLegacyTwoLevelLists() throws IOException {
    Path file = dir.resolve("legacy.parquet");
    GroupFixtures.write(
        file,
        "message m { required binary episode_id (UTF8); required int32 step;"
            + " required group observation (LIST) { repeated float array; }"
            + " required int32 action; required float reward; required boolean terminal; }",
        rows -> {
          Group g = rows.row();
          g.add("episode_id", "run-7");
          g.add("step", 0);
          g.addGroup("observation").append("array", 1.5f).append("array", 2.5f);
          g.add("action", 3);
          g.add("reward", -1f);
          g.add("terminal", true);
          rows.write(g);
        });

    EpisodeRow row = read(file).get(0);
    assertThat(row.episodeId()).isEqualTo("run-7");
    assertThat(row.vector()).containsExactly(1.5f, 2.5f);
    assertThat(row.action()).isEqualTo(3);
    assertThat(row.terminal()).isTrue();
    assertThat(row.timeout()).isFalse();
  }

  @Test
  void readsBareRepeatedColumnsAndNullElementsAsNaN() throws IOException {
    Path bare = dir.resolve("bare.parquet");
    GroupFixtures.write(
        bare,
        "message m { required int64 episode_id; required int32 step; repeated double observation;"
            + " required int32 action; required double reward; required boolean terminal; }",
        rows -> {
          Group g = rows.row().append("episode_id", 1L).append("step", 0);
          g.add("observation", 4.0);
          g.add("observation", 5.0);
          rows.write(g.append("action", 0).append("reward", 0.5).append("terminal", true));
        });
    assertThat(read(bare).get(0).vector()).containsExactly(4f, 5f);

    Path holes = dir.resolve("holes.parquet");
    GroupFixtures.write(
        holes,
        "message m { required int64 episode_id; required int32 step;"
            + " optional group observation (LIST) { repeated group list { optional float element; } }"
            + " required int32 action; required float reward; required boolean terminal; }",
        rows -> {
          Group g = rows.row().append("episode_id", 1L).append("step", 0);
          Group list = g.addGroup("observation");
          list.addGroup("list").append("element", 1f);
          list.addGroup("list"); // a null element
          rows.write(g.append("action", 0).append("reward", 0.5f).append("terminal", true));
        });
    assertThat(read(holes).get(0).vector()).containsExactly(1f, Float.NaN);
  }

  @Test
  void aNullInARequiredColumnNamesTheFileAndColumn() throws IOException {
    Path part = dir.resolve("part-00001.parquet");
    GroupFixtures.write(
        part,
        SPARK_SCHEMA,
        rows -> {
          Group g = rows.row().append("episode_id", 9L).append("step", 4L);
          g.addGroup("observation").addGroup("list").append("element", 1.0);
          rows.write(g.append("action", 1L).append("terminal", false)); // reward null
        });

    assertThatThrownBy(() -> read(part))
        .isInstanceOf(DatasetReadException.class)
        .hasMessage(
            "part-00001.parquet, episode 9, step 4: column reward is null in row 0 of the file")
        .extracting(e -> ((DatasetReadException) e).error().rule())
        .isEqualTo(ValidationRule.MISSING_COLUMN);
  }

  @Test
  void anInt64ActionOutsideInt32IsRejected() throws IOException {
    Path part = dir.resolve("part-00000.parquet");
    GroupFixtures.write(
        part,
        SPARK_SCHEMA,
        rows -> {
          Group g = rows.row().append("episode_id", 9L).append("step", 0L);
          g.addGroup("observation").addGroup("list").append("element", 1.0);
          rows.write(g.append("action", 1L << 40).append("reward", 0.0).append("terminal", true));
        });

    assertThatThrownBy(() -> read(part))
        .isInstanceOf(DatasetReadException.class)
        .hasMessageContaining(
            "part-00000.parquet, episode 9, step 0: column action: 1099511627776");
  }
}
