package io.sparkrl.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetManifestParserTest {

  private static DatasetManifest vectorManifest() {
    return new DatasetManifest(
        1,
        ObservationShape.vector(2),
        "float32",
        3,
        "int64",
        4L,
        40L,
        38L,
        new DatasetManifest.FeatureStatistics(
            List.of(0.5, -1.25), List.of(1.0, 0.125), List.of(-3.0, -4.0), List.of(3.0, 2.5)),
        new DatasetManifest.ScalarStatistics(10.5, 2.25, 7.0, 13.0),
        List.of(10L, 20L, 8L));
  }

  @Test
  void roundTripsThroughJsonAndFiles(@TempDir Path dir) throws Exception {
    DatasetManifest manifest = vectorManifest();
    assertThat(DatasetManifestParser.fromJson(DatasetManifestParser.toJson(manifest)))
        .isEqualTo(manifest);

    Path file = dir.resolve("dataset.json");
    DatasetManifestParser.write(manifest, file);
    assertThat(DatasetManifestParser.read(file)).isEqualTo(manifest);
    assertThat(Files.readString(file)).contains("\"schema_version\" : 1", "\"action_counts\"");
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file);
    }
  }

  @Test
  void roundTripsAnEmptyImageDataset() {
    DatasetManifest manifest =
        new DatasetManifest(
            1,
            ObservationShape.image(1, 4, 4),
            "uint8",
            2,
            "string",
            0L,
            0L,
            0L,
            null,
            null,
            List.of(0L, 0L));
    assertThat(DatasetManifestParser.fromJson(DatasetManifestParser.toJson(manifest)))
        .isEqualTo(manifest);
  }

  @Test
  void refusesANewerSchemaVersion() {
    String json =
        DatasetManifestParser.toJson(vectorManifest())
            .replace("\"schema_version\" : 1", "\"schema_version\" : 2");
    assertThatThrownBy(() -> DatasetManifestParser.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema_version 2 is newer")
        .hasMessageContaining("upgrade sparkrl");
  }

  @Test
  void rejectsUnknownKeysByName() {
    String json =
        DatasetManifestParser.toJson(vectorManifest()).replaceFirst("\\{", "{\"colour\": 1,");
    assertThatThrownBy(() -> DatasetManifestParser.fromJson(json))
        .hasMessage("unknown key \"colour\"");
    String nested =
        DatasetManifestParser.toJson(vectorManifest())
            .replace("\"return_statistics\" : {", "\"return_statistics\" : {\"median\": 1,");
    assertThatThrownBy(() -> DatasetManifestParser.fromJson(nested))
        .hasMessage("unknown key \"return_statistics.median\"");
  }

  @Test
  void rejectsMissingAndMistypedKeys(@TempDir Path dir) throws Exception {
    String missing =
        DatasetManifestParser.toJson(vectorManifest()).replace("\"action_size\" : 3,", "");
    assertThatThrownBy(() -> DatasetManifestParser.fromJson(missing))
        .hasMessage("missing key \"action_size\"");
    String mistypedCount =
        DatasetManifestParser.toJson(vectorManifest())
            .replace("\"rows\" : 40", "\"rows\" : \"40\"");
    assertThatThrownBy(() -> DatasetManifestParser.fromJson(mistypedCount))
        .hasMessage("rows must be an integer, got \"40\"");
    String shortCounts =
        DatasetManifestParser.toJson(vectorManifest())
            .replaceAll("\"action_counts\" : \\[[^]]*]", "\"action_counts\" : [1, 2]");
    assertThatThrownBy(() -> DatasetManifestParser.fromJson(shortCounts))
        .hasMessage("action_counts must have action_size = 3 entries, got 2");
    String mistyped =
        DatasetManifestParser.toJson(vectorManifest())
            .replace("\"action_size\" : 3", "\"action_size\" : \"3\"");
    assertThatThrownBy(() -> DatasetManifestParser.fromJson(mistyped))
        .hasMessageContaining("action_size must be an integer");
    String wrongDtype = DatasetManifestParser.toJson(vectorManifest()).replace("float32", "uint8");
    assertThatThrownBy(() -> DatasetManifestParser.fromJson(wrongDtype))
        .hasMessageContaining("observation_dtype uint8 does not match observation_shape [2]");
    Path file = dir.resolve("dataset.json");
    Files.writeString(file, "{not json");
    assertThatThrownBy(() -> DatasetManifestParser.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("dataset.json: malformed JSON");
  }
}
