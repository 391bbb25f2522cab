package io.sparkrl.datasets.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.TestEpisodes;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every DatasetReadException rule names the file (and column) instead of a parquet trace. */
class EpisodeParquetReaderErrorTest {

  @TempDir Path dir;

  private static AbstractThrowableAssert<?, ?> assertReadFails(Path path, ValidationRule rule) {
    return assertThatThrownBy(
            () -> {
              try (EpisodeParquetReader reader = EpisodeParquetReader.open(path)) {
                reader.forEachRemaining(row -> {});
              }
            })
        .isInstanceOf(DatasetReadException.class)
        .satisfies(e -> assertThat(((DatasetReadException) e).error().rule()).isEqualTo(rule));
  }

  private void writeDataset(long rowsPerFile) throws IOException {
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(3), 2, true, rowsPerFile)) {
      for (var e : TestEpisodes.vectors(1, 10, 20, 3, 2, false)) {
        writer.accept(e);
      }
    }
  }

  @Test
  void aMissingColumnIsNamed() throws IOException {
    GroupFixtures.write(
        dir.resolve("part-00000.parquet"),
        "message m { required int64 episode_id; required int32 step; required binary observation;"
            + " required int32 action; required boolean terminal; }",
        rows -> {});
    assertReadFails(dir, ValidationRule.MISSING_COLUMN)
        .hasMessage(
            "part-00000.parquet: column reward is missing"
                + " (columns: episode_id, step, observation, action, terminal)");
  }

  @Test
  void aMistypedColumnIsNamedWithItsType() throws IOException {
    GroupFixtures.write(
        dir.resolve("part-00002.parquet"),
        "message m { required int64 episode_id; required int32 step; required binary observation;"
            + " required binary action; required float reward; required boolean terminal; }",
        rows -> {});
    assertReadFails(dir, ValidationRule.MISTYPED_COLUMN)
        .hasMessage("part-00002.parquet: column action has type BINARY, expected int32 or int64");
  }

  @Test
  void aListOfIntegersIsNotAnObservation() throws IOException {
    GroupFixtures.write(
        dir.resolve("part-00000.parquet"),
        "message m { required int64 episode_id; required int32 step;"
            + " optional group observation (LIST) { repeated group list { optional int32 element; } }"
            + " required int32 action; required float reward; required boolean terminal; }",
        rows -> {});
    assertReadFails(dir, ValidationRule.MISTYPED_COLUMN)
        .hasMessage(
            "part-00000.parquet: column observation has type group,"
                + " expected a list of float or double, or binary");
  }

  @Test
  void aTruncatedFileIsCorrupt() throws IOException {
    writeDataset(1000);
    Path part = dir.resolve("part-00000.parquet");
    byte[] bytes = Files.readAllBytes(part);
    Files.write(part, Arrays.copyOf(bytes, bytes.length / 2));
    assertReadFails(dir, ValidationRule.CORRUPT_FILE)
        .hasMessageStartingWith("part-00000.parquet: not a readable Parquet file");
  }

  @Test
  void garbageBytesAreCorrupt() throws IOException {
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    Path file = dir.resolve("garbage.parquet");
    Files.write(file, garbage);
    assertReadFails(file, ValidationRule.CORRUPT_FILE)
        .hasMessageStartingWith("garbage.parquet: not a readable Parquet file");
  }

  @Test
  void aCorruptLaterFileFailsWhileIterating() throws IOException {
    writeDataset(20);
    Path second = dir.resolve("part-00001.parquet");
    assertThat(second).exists();
    Files.write(
        second, "PAR1 not really PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    try (EpisodeParquetReader reader = EpisodeParquetReader.open(dir)) {
      assertThatThrownBy(() -> reader.forEachRemaining(row -> {}))
          .isInstanceOf(DatasetReadException.class)
          .hasMessageStartingWith("part-00001.parquet: not a readable Parquet file");
    }
  }

  @Test
  void aNonexistentPathIsUnreadable() {
    Path missing = dir.resolve("no-such-dataset");
    assertReadFails(missing, ValidationRule.UNREADABLE_PATH)
        .hasMessage(missing + ": path does not exist");
  }

  @Test
  void aDirectoryWithoutParquetFilesIsEmpty() throws IOException {
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.writeString(dir.resolve("notes.txt"), "hello");
    assertReadFails(dir, ValidationRule.EMPTY_DATASET)
        .hasMessage(dir + ": no Parquet files in directory");
  }

  @Test
  void aNewerManifestIsRefused() throws IOException {
    writeDataset(1000);
    Path manifest = dir.resolve("dataset.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("\"schema_version\" : 1", "\"schema_version\" : 7"));
    assertReadFails(dir, ValidationRule.CORRUPT_FILE)
        .hasMessageStartingWith("dataset.json: schema_version 7 is newer");
  }

  @Test
  void aDatasetWithoutManifestHasNone() throws IOException {
    writeDataset(1000);
    Files.delete(dir.resolve("dataset.json"));
    try (EpisodeParquetReader reader = EpisodeParquetReader.open(dir)) {
      assertThat(reader.manifest()).isNull();
      assertThat(reader.hasNext()).isTrue();
    }
  }
}
