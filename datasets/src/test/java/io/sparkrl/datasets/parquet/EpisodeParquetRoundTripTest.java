package io.sparkrl.datasets.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.DatasetStatistics;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.TestEpisodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EpisodeParquetRoundTripTest {

  @TempDir Path dir;

  private static List<Episode> write(
      Path dir,
      List<Episode> episodes,
      ObservationShape shape,
      int actionSize,
      boolean intIds,
      long rowsPerFile)
      throws IOException {
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, shape, actionSize, intIds, rowsPerFile)) {
      for (Episode e : episodes) {
        writer.accept(e);
      }
    }
    return episodes;
  }

  private static List<Episode> readBack(Path dir, ObservationShape shape) {
    try (EpisodeParquetReader reader = EpisodeParquetReader.open(dir)) {
      return RowsToEpisodes.assemble(reader, shape);
    }
  }

  @ParameterizedTest(name = "intIds={0}, actionProbs={1}")
  @CsvSource({"true,true", "true,false", "false,true", "false,false"})
  void vectorEpisodesRoundTrip(boolean intIds, boolean withProbs) throws IOException {
    List<Episode> episodes = TestEpisodes.vectors(11, 12, 15, 4, 3, withProbs);
    write(dir, episodes, ObservationShape.vector(4), 3, intIds, 1000);

    assertThat(readBack(dir, ObservationShape.vector(4))).containsExactlyElementsOf(episodes);
    MessageType schema = schemaOf(dir.resolve("part-00000.parquet"));
    assertThat(schema.getType("episode_id").asPrimitiveType().getPrimitiveTypeName().name())
        .isEqualTo(intIds ? "INT64" : "BINARY");
    assertThat(schema.containsField("action_prob")).isEqualTo(withProbs);
  }

  @Test
  void writesTheSpecSchemaWithSnappy() throws IOException {
    write(dir, TestEpisodes.vectors(1, 2, 5, 2, 2, true), ObservationShape.vector(2), 2, true, 10);
    Path part = dir.resolve("part-00000.parquet");
    MessageType expected =
        MessageTypeParser.parseMessageType(
            "message episode { required int64 episode_id; required int32 step;"
                + " optional group observation (LIST) { repeated group list {"
                + " optional float element; } }"
                + " required int32 action; required float reward; required boolean terminal;"
                + " required boolean timeout; optional float action_prob; }");
    assertThat(schemaOf(part)).isEqualTo(expected);
    try (ParquetFileReader reader = ParquetFileReader.open(new NioInputFile(part))) {
      assertThat(reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec())
          .isEqualTo(CompressionCodecName.SNAPPY);
    }
  }

  @Test
  void imageEpisodesRoundTrip() throws IOException {
    ObservationShape shape = ObservationShape.image(3, 5, 7);
    Random random = new Random(5);
    List<Episode> episodes = new ArrayList<>();
    for (int e = 0; e < 6; e++) {
      episodes.add(
          TestEpisodes.image(
              random,
              "ep-" + e,
              3 + e,
              shape,
              4,
              e % 2 == 0,
              e % 3 == 0 ? EndKind.TIMEOUT : EndKind.TERMINAL));
    }
    // Episodes without probabilities after one with them leave action_prob null: NaN when read,
    // which the assembler turns back into "no probabilities".
    write(dir, episodes, shape, 4, false, 10);

    assertThat(readBack(dir, shape)).containsExactlyElementsOf(episodes);
    DatasetManifest manifest;
    try (EpisodeParquetReader reader = EpisodeParquetReader.open(dir)) {
      manifest = reader.manifest();
    }
    assertThat(manifest.observationDtype()).isEqualTo("uint8");
    assertThat(manifest.observationShape()).isEqualTo(shape);
    assertThat(manifest.episodeIdType()).isEqualTo("string");
  }

  @Test
  void splitsPartsBetweenEpisodesOnly() throws IOException {
    List<Episode> episodes = TestEpisodes.vectors(7, 20, 9, 2, 2, false);
    EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(2), 2, true, 10);
    for (Episode e : episodes) {
      writer.accept(e);
    }
    writer.close();
    assertThat(writer.partCount()).isGreaterThan(2);

    List<Path> parts = parquetFiles(dir);
    assertThat(parts.get(0).getFileName().toString()).isEqualTo("part-00000.parquet");
    List<String> seen = new ArrayList<>();
    for (Path part : parts) {
      List<EpisodeRow> rows;
      try (EpisodeParquetReader reader = EpisodeParquetReader.open(part)) {
        rows = RowsToEpisodes.readAll(reader);
      }
      assertThat(rows).allMatch(r -> r.source().equals(part.getFileName().toString()));
      List<Episode> inPart = RowsToEpisodes.assemble(rows.iterator(), ObservationShape.vector(2));
      // Every part ends with a complete episode and reaches the limit unless it is the last.
      int rowCount = rows.size();
      int lastLength = inPart.get(inPart.size() - 1).length();
      assertThat(rowCount - lastLength).isLessThan(10);
      if (!part.equals(parts.get(parts.size() - 1))) {
        assertThat(rowCount).isGreaterThanOrEqualTo(10);
      }
      inPart.forEach(e -> seen.add(e.id()));
    }
    assertThat(seen).containsExactlyElementsOf(episodes.stream().map(Episode::id).toList());
    assertThat(readBack(dir, ObservationShape.vector(2))).containsExactlyElementsOf(episodes);
  }

  @Test
  void closeWritesTheManifestWithStatistics() throws IOException {
    List<Episode> episodes = TestEpisodes.vectors(3, 8, 10, 3, 5, true);
    EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(3), 5, true, 25);
    for (Episode e : episodes) {
      writer.accept(e);
    }
    assertThat(writer.manifest()).isNull();
    writer.close();

    DatasetStatistics direct = new DatasetStatistics(ObservationShape.vector(3), 5);
    episodes.forEach(direct::add);
    assertThat(writer.manifest()).isEqualTo(direct.toManifest("int64"));
    try (EpisodeParquetReader reader = EpisodeParquetReader.open(dir)) {
      assertThat(reader.manifest()).isEqualTo(writer.manifest());
    }
    try (Stream<Path> listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .allMatch(name -> name.startsWith("part-") || name.equals("dataset.json"));
    }
    assertThatThrownBy(() -> writer.accept(episodes.get(0)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsEpisodesTheDatasetCannotHold() throws IOException {
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(2), 2, true, 100)) {
      Episode stringId =
          Episode.ofVectors(
              "abc", 2, new float[2], new int[1], new float[1], null, EndKind.TERMINAL);
      assertThatThrownBy(() -> writer.accept(stringId))
          .hasMessageContaining("episode abc: id is not an int64");
      Episode wrongShape =
          Episode.ofVectors("1", 3, new float[3], new int[1], new float[1], null, EndKind.TERMINAL);
      assertThatThrownBy(() -> writer.accept(wrongShape))
          .hasMessageContaining("observation shape [3] differs");
      writer.accept(
          Episode.ofVectors(
              "2", 2, new float[2], new int[1], new float[1], null, EndKind.TERMINAL));
      Episode withProbs =
          Episode.ofVectors(
              "3", 2, new float[2], new int[1], new float[1], new float[] {0.5f}, EndKind.TERMINAL);
      assertThatThrownBy(() -> writer.accept(withProbs))
          .hasMessageContaining("no action_prob column");
    }
  }

  static MessageType schemaOf(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new NioInputFile(file))) {
      return reader.getFooter().getFileMetaData().getSchema();
    }
  }

  static List<Path> parquetFiles(Path dir) throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
  }
}
