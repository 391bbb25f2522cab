package io.sparkrl.datasets.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.DatasetStatistics;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.EpisodeSink;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.TestEpisodes;
import io.sparkrl.datasets.validation.DatasetExpectations;
import io.sparkrl.datasets.validation.DatasetValidator;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.datasets.validation.ValidationReport;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Part files with a hand-written {@code dataset.json}: only the essentials, or statistics that are
 * not finite. The reader takes the episode-id type from the files; validation still rejects bad
 * rows.
 */
class EssentialsManifestReadTest {

  private static final String ESSENTIALS =
      "{\"schema_version\": 1, \"observation_shape\": [3], \"observation_dtype\": \"float32\","
          + " \"action_size\": 4";

  @TempDir Path dir;

  private List<Episode> write(List<Episode> episodes, boolean intIds) throws IOException {
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(3), 4, intIds, 1000)) {
      for (Episode e : episodes) {
        writer.accept(e);
      }
    }
    return episodes;
  }

  private DatasetManifest openManifest() {
    try (EpisodeParquetReader reader = EpisodeParquetReader.open(dir)) {
      return reader.manifest();
    }
  }

  /** Strict validation of the dataset with the manifest's shape and action count. */
  private ValidationReport validateWith(DatasetManifest manifest, EpisodeSink accepted)
      throws IOException {
    try (EpisodeParquetReader rows = EpisodeParquetReader.open(dir)) {
      return DatasetValidator.validate(
          rows,
          dir.toString(),
          new DatasetExpectations(manifest.observationShape(), manifest.actionSize()),
          ValidationMode.STRICT,
          accepted,
          null);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anEssentialsOnlyManifestTakesTheEpisodeIdTypeFromThePartFiles(boolean intIds)
      throws IOException {
    write(TestEpisodes.vectors(3, 6, 9, 3, 4, false), intIds);
    Files.writeString(dir.resolve(DatasetManifest.FILE_NAME), ESSENTIALS + "}");

    DatasetManifest manifest = openManifest();

    assertThat(manifest.episodeIdType())
        .isEqualTo(intIds ? DatasetManifest.ID_INT64 : DatasetManifest.ID_STRING);
    assertThat(manifest.withEpisodeIdType(null))
        .isEqualTo(DatasetManifest.essentials(ObservationShape.vector(3), 4));
    assertThat(manifest.isComplete()).isFalse();
  }

  @Test
  void countsAndStatisticsComputedFromTheRowsMatchTheWritersManifest() throws IOException {
    List<Episode> episodes = write(TestEpisodes.vectors(4, 12, 9, 3, 4, true), true);
    DatasetManifest written = openManifest();
    Files.writeString(dir.resolve(DatasetManifest.FILE_NAME), ESSENTIALS + "}");
    DatasetManifest essentials = openManifest();

    DatasetStatistics stats =
        new DatasetStatistics(essentials.observationShape(), essentials.actionSize());
    ValidationReport report = validateWith(essentials, EpisodeSink.of(stats::add));

    assertThat(report.ok()).isTrue();
    DatasetManifest computed = stats.toManifest(essentials.episodeIdType());
    assertThat(computed.isComplete()).isTrue();
    assertThat(computed.episodes()).isEqualTo((long) episodes.size());
    assertThat(computed.rows()).isEqualTo(episodes.stream().mapToLong(Episode::length).sum());
    assertThat(computed.transitions())
        .isEqualTo(episodes.stream().mapToLong(Episode::transitionCount).sum());
    assertThat(computed.episodeIdType()).isEqualTo(written.episodeIdType());
    assertThat(computed.actionCounts()).isEqualTo(written.actionCounts());
  }

  @Test
  void aStatedEpisodeIdTypeThatDisagreesWithThePartFilesIsNamed() throws IOException {
    write(TestEpisodes.vectors(5, 4, 6, 3, 4, false), false);
    Files.writeString(
        dir.resolve(DatasetManifest.FILE_NAME), ESSENTIALS + ", \"episode_id_type\": \"int64\"}");

    assertThatThrownBy(() -> EpisodeParquetReader.open(dir).close())
        .isInstanceOf(DatasetReadException.class)
        .hasMessage(
            "dataset.json: episode_id_type int64 disagrees with part-00000.parquet,"
                + " whose episode_id column is string")
        .satisfies(
            e ->
                assertThat(((DatasetReadException) e).error().rule())
                    .isEqualTo(ValidationRule.CORRUPT_FILE));
  }

  @Test
  void nanStatisticsLeaveTheManifestReadableAndANanRewardIsStillRejected() throws IOException {
    List<Episode> episodes = new ArrayList<>(TestEpisodes.vectors(6, 8, 9, 3, 4, false));
    Episode bad = episodes.get(4); // a terminal episode: every row is a transition
    float[] rewards = bad.rewards().clone();
    rewards[1] = Float.NaN;
    episodes.set(
        4,
        Episode.ofVectors(bad.id(), 3, bad.vectorData(), bad.actions(), rewards, null, bad.end()));
    write(episodes, true);
    Files.writeString(
        dir.resolve(DatasetManifest.FILE_NAME),
        ESSENTIALS
            + ", \"episodes\": 8, \"return_statistics\": {\"mean\": NaN, \"std\": NaN,"
            + " \"min\": -Infinity, \"max\": Infinity}, \"observation_statistics\": {\"mean\":"
            + " [NaN, 0, 0], \"std\": [1, 1, 1], \"min\": [0, 0, 0], \"max\": [1, 1, 1]}}");

    DatasetManifest manifest = openManifest();
    assertThat(manifest.returnStatistics()).isNull();
    assertThat(manifest.observationStatistics()).isNull();
    assertThat(manifest.episodes()).isEqualTo(8L);

    ValidationReport report = validateWith(manifest, EpisodeSink.of(e -> {}));

    assertThat(report.ok()).isFalse();
    assertThat(report.episodesRejected()).isEqualTo(1);
    ValidationError error = report.firstErrors().get(0);
    assertThat(error.source()).isEqualTo("part-00000.parquet");
    assertThat(error.episodeId()).isEqualTo(bad.id());
    assertThat(error.step()).isEqualTo(1L);
    assertThat(error.column()).isEqualTo(EpisodeColumns.REWARD);
    assertThat(error.rule()).isEqualTo(ValidationRule.NON_FINITE_REWARD);
    assertThat(error.toString())
        .isEqualTo("part-00000.parquet, episode " + bad.id() + ", step 1: reward is NaN");
  }
}
