package io.sparkrl.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Manifests with only the essentials, and statistics that hold no usable value. */
class DatasetManifestOptionalKeysTest {

  private static final String ESSENTIALS =
      "{\"schema_version\": 1, \"observation_shape\": [2], \"observation_dtype\": \"float32\","
          + " \"action_size\": 3";

  private static final String COUNTS =
      ", \"episodes\": 4, \"rows\": 40, \"transitions\": 38, \"action_counts\": [10, 20, 8]";

  private static final String FINITE_RETURNS =
      ", \"return_statistics\": {\"mean\": 10.5, \"std\": 2.25, \"min\": 7.0, \"max\": 13.0}";

  private static final String FINITE_OBSERVATIONS =
      ", \"observation_statistics\": {\"mean\": [0.5, -1.25], \"std\": [1.0, 0.125],"
          + " \"min\": [-3.0, -4.0], \"max\": [3.0, 2.5]}";

  @Test
  void theFourEssentialsAreEnough(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(DatasetManifest.FILE_NAME);
    Files.writeString(file, ESSENTIALS + "}");

    DatasetManifest manifest = DatasetManifestParser.read(file);

    assertThat(manifest)
        .isEqualTo(DatasetManifest.essentials(ObservationShape.vector(2), 3))
        .returns(1, DatasetManifest::schemaVersion)
        .returns(ObservationShape.vector(2), DatasetManifest::observationShape)
        .returns("float32", DatasetManifest::observationDtype)
        .returns(3, DatasetManifest::actionSize);
    assertThat(manifest.episodeIdType()).isNull();
    assertThat(manifest.episodes()).isNull();
    assertThat(manifest.rows()).isNull();
    assertThat(manifest.transitions()).isNull();
    assertThat(manifest.actionCounts()).isNull();
    assertThat(manifest.observationStatistics()).isNull();
    assertThat(manifest.returnStatistics()).isNull();
    assertThat(manifest.isComplete()).isFalse();
  }

  @Test
  void nullOptionalKeysAreAbsentKeys() {
    String json =
        ESSENTIALS
            + ", \"episode_id_type\": null, \"episodes\": null, \"rows\": null,"
            + " \"transitions\": null, \"action_counts\": null, \"observation_statistics\": null,"
            + " \"return_statistics\": null}";
    assertThat(DatasetManifestParser.fromJson(json))
        .isEqualTo(DatasetManifest.essentials(ObservationShape.vector(2), 3));
  }

  @Test
  void anEssentialsOnlyManifestWritesOnlyTheEssentialsAndReadsBack() throws Exception {
    DatasetManifest manifest = DatasetManifest.essentials(ObservationShape.image(3, 8, 8), 4);
    String json = DatasetManifestParser.toJson(manifest);
    assertThat(new ObjectMapper().readTree(json).fieldNames())
        .toIterable()
        .containsExactly("schema_version", "observation_shape", "observation_dtype", "action_size");
    assertThat(DatasetManifestParser.fromJson(json)).isEqualTo(manifest);
    assertThat(manifest.observationDtype()).isEqualTo("uint8");
  }

  @Test
  void eachEssentialIsRequired() {
    Map<String, String> essentials = new LinkedHashMap<>();
    essentials.put("schema_version", "1");
    essentials.put("observation_shape", "[2]");
    essentials.put("observation_dtype", "\"float32\"");
    essentials.put("action_size", "3");
    for (String key : essentials.keySet()) {
      StringJoiner json = new StringJoiner(", ", "{", "}");
      essentials.forEach(
          (k, v) -> {
            if (!k.equals(key)) {
              json.add("\"" + k + "\": " + v);
            }
          });
      assertThatThrownBy(() -> DatasetManifestParser.fromJson(json.toString()))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("missing key \"" + key + "\"");
    }
  }

  @Test
  void countsWithoutStatisticsAreKeptButIncomplete() {
    DatasetManifest manifest = DatasetManifestParser.fromJson(ESSENTIALS + COUNTS + "}");
    assertThat(manifest.episodes()).isEqualTo(4L);
    assertThat(manifest.rows()).isEqualTo(40L);
    assertThat(manifest.transitions()).isEqualTo(38L);
    assertThat(manifest.actionCounts()).containsExactly(10L, 20L, 8L);
    assertThat(manifest.isComplete()).isFalse();
    DatasetManifest complete =
        DatasetManifestParser.fromJson(
            ESSENTIALS + COUNTS + FINITE_RETURNS + FINITE_OBSERVATIONS + "}");
    assertThat(complete.isComplete()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"NaN", "Infinity", "-Infinity", "\"NaN\"", "null", "\"unknown\"", "1e400", "[]"})
  void aNonFiniteReturnStatisticIsReadAsUnknown(String value) {
    String json =
        ESSENTIALS
            + COUNTS
            + FINITE_OBSERVATIONS
            + ", \"return_statistics\": {\"mean\": "
            + value
            + ", \"std\": 2.25, \"min\": 7.0, \"max\": 13.0}}";

    DatasetManifest manifest = DatasetManifestParser.fromJson(json);

    assertThat(manifest.returnStatistics()).isNull();
    assertThat(manifest.observationStatistics().mean()).containsExactly(0.5, -1.25);
    assertThat(manifest.episodes()).isEqualTo(4L);
    assertThat(manifest.isComplete()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"mean\": [0.5, NaN], \"std\": [1.0, 0.1], \"min\": [0, 0], \"max\": [1, 1]",
        "\"mean\": [0.5, 1.0], \"std\": [Infinity, 0.1], \"min\": [0, 0], \"max\": [1, 1]",
        "\"mean\": [0.5, 1.0], \"std\": [1.0, 0.1], \"min\": [null, 0], \"max\": [1, 1]",
        "\"mean\": [0.5], \"std\": [1.0], \"min\": [0], \"max\": [1]",
        "\"mean\": [0.5, 1.0], \"std\": [1.0, 0.1], \"min\": [0, 0]"
      })
  void unusableObservationStatisticsAreReadAsUnknown(String statistics) {
    String json =
        ESSENTIALS
            + COUNTS
            + FINITE_RETURNS
            + ", \"observation_statistics\": {"
            + statistics
            + "}}";

    DatasetManifest manifest = DatasetManifestParser.fromJson(json);

    assertThat(manifest.observationStatistics()).isNull();
    assertThat(manifest.returnStatistics())
        .isEqualTo(new DatasetManifest.ScalarStatistics(10.5, 2.25, 7.0, 13.0));
  }

  @Test
  void aStatisticThatIsNotAnObjectIsReadAsUnknown() {
    String json =
        ESSENTIALS + ", \"observation_statistics\": \"NaN\", \"return_statistics\": [1, 2]}";
    assertThat(DatasetManifestParser.fromJson(json))
        .isEqualTo(DatasetManifest.essentials(ObservationShape.vector(2), 3));
  }

  @Test
  void nonFiniteStatisticsRoundTripAsUnknownAndTheFileStaysStandardJson(@TempDir Path dir)
      throws Exception {
    DatasetManifest manifest =
        new DatasetManifest(
            1,
            ObservationShape.vector(2),
            "float32",
            3,
            "int64",
            4L,
            40L,
            38L,
            new DatasetManifest.FeatureStatistics(
                List.of(0.5, Double.NaN), List.of(1.0, 0.5), List.of(0.0, 0.0), List.of(1.0, 1.0)),
            new DatasetManifest.ScalarStatistics(Double.NaN, 0.0, Double.NEGATIVE_INFINITY, 1.0),
            List.of(10L, 20L, 8L));
    assertThat(manifest.observationStatistics()).isNull();
    assertThat(manifest.returnStatistics()).isNull();

    Path file = dir.resolve(DatasetManifest.FILE_NAME);
    DatasetManifestParser.write(manifest, file);

    assertThat(DatasetManifestParser.read(file)).isEqualTo(manifest);
    String text = Files.readString(file);
    assertThat(text).doesNotContain("NaN", "Infinity", "statistics");
    // A strict reader (no NaN tokens) accepts the file.
    assertThat(new ObjectMapper().readTree(text).get("episodes").asLong()).isEqualTo(4L);
  }

  @Test
  void statisticsFromAnEpisodeWithANanRewardGiveAReadableManifest() {
    Episode nanReward =
        Episode.ofVectors(
            "1",
            2,
            new float[] {0f, 1f, 2f, 3f},
            new int[] {0, 1},
            new float[] {Float.NaN, 1f},
            null,
            EndKind.TERMINAL);
    DatasetManifest manifest =
        new DatasetStatistics(ObservationShape.vector(2), 2)
            .add(nanReward)
            .toManifest(DatasetManifest.ID_INT64);

    DatasetManifest read = DatasetManifestParser.fromJson(DatasetManifestParser.toJson(manifest));

    assertThat(read).isEqualTo(manifest);
    assertThat(read.returnStatistics()).isNull();
    assertThat(read.observationStatistics().mean()).containsExactly(1.0, 2.0);
    assertThat(read.isComplete()).isFalse();
  }

  @Test
  void unknownStatisticKeysAreStillRejectedByName() {
    String json =
        ESSENTIALS
            + ", \"return_statistics\": {\"mean\": NaN, \"std\": 1, \"min\": 0, \"max\": 1,"
            + " \"median\": 1}}";
    assertThatThrownBy(() -> DatasetManifestParser.fromJson(json))
        .hasMessage("unknown key \"return_statistics.median\"");
  }

  @Test
  void aStatedEpisodeIdTypeMustBeKnown() {
    assertThatThrownBy(
            () -> DatasetManifestParser.fromJson(ESSENTIALS + ", \"episode_id_type\": \"uuid\"}"))
        .hasMessage("episode_id_type must be int64 or string, got uuid");
  }
}
