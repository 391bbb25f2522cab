package io.sparkrl.datasets.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineParquetWriterTest {

  @TempDir Path dir;

  private static EpisodeRow vectorRow(String id, long step, float value, int action) {
    return new EpisodeRow(
        "part-00003.parquet",
        id,
        step,
        new float[] {value, 1f},
        null,
        action,
        Float.NaN,
        false,
        step == 1,
        Float.NaN);
  }

  @Test
  void writesRejectedRowsWithTheirReasons() throws IOException {
    List<EpisodeRow> first = List.of(vectorRow("17", 0, Float.NaN, 0), vectorRow("17", 1, 2f, 9));
    List<ValidationError> firstErrors =
        List.of(
            new ValidationError(
                "part-00003.parquet",
                "17",
                0L,
                "observation",
                ValidationRule.NON_FINITE_OBSERVATION,
                "observation[0] is NaN"),
            new ValidationError(
                "part-00003.parquet",
                "17",
                1L,
                "action",
                ValidationRule.ACTION_OUT_OF_RANGE,
                "action 9 is outside [0, 2)"));
    List<EpisodeRow> image =
        List.of(
            new EpisodeRow(
                "p",
                "img",
                5_000_000_000L,
                null,
                new byte[] {1, 2, 3},
                1,
                0.5f,
                true,
                false,
                0.25f));
    List<ValidationError> imageErrors =
        List.of(
            new ValidationError(
                "p",
                "img",
                null,
                "step",
                ValidationRule.STEP_GAP,
                "steps start at 5000000000, not 0"));

    try (QuarantineParquetWriter writer = QuarantineParquetWriter.create(dir, 1000)) {
      writer.reject("17", first, firstErrors);
      writer.reject("img", image, imageErrors);
      writer.reject("empty", List.of(), imageErrors);
      assertThat(writer.rejectedEpisodes()).isEqualTo(3);
      assertThat(writer.rejectedRows()).isEqualTo(3);
      assertThatThrownBy(() -> writer.reject("x", first, List.of()))
          .isInstanceOf(IllegalArgumentException.class);
    }

    // Vectors and images land in separate parts, both readable as episode data.
    List<Path> parts = EpisodeParquetRoundTripTest.parquetFiles(dir);
    assertThat(parts)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("part-00000.parquet", "part-00001.parquet");
    List<EpisodeRow> rows = new ArrayList<>();
    try (EpisodeParquetReader reader = EpisodeParquetReader.open(dir)) {
      reader.forEachRemaining(rows::add);
    }
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).vector()).containsExactly(Float.NaN, 1f);
    assertThat(rows.get(0).reward()).isNaN();
    assertThat(rows.get(1).action()).isEqualTo(9);
    assertThat(rows.get(1).timeout()).isTrue();
    assertThat(rows.get(2).image()).containsExactly(1, 2, 3);
    assertThat(rows.get(2).step()).isEqualTo(5_000_000_000L);
    assertThat(rows.get(2).actionProb()).isEqualTo(0.25f);

    assertThat(reasons(parts.get(0)))
        .containsExactly(
            "part-00003.parquet, episode 17, step 0: observation[0] is NaN;"
                + " part-00003.parquet, episode 17, step 1: action 9 is outside [0, 2)",
            "part-00003.parquet, episode 17, step 0: observation[0] is NaN;"
                + " part-00003.parquet, episode 17, step 1: action 9 is outside [0, 2)");
    assertThat(reasons(parts.get(1)))
        .containsExactly("p, episode img: steps start at 5000000000, not 0");
  }

  /** Reads the reason column with parquet's example Group reader, independently of this package. */
  private static List<String> reasons(Path part) throws IOException {
    List<String> out = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new NioInputFile(part))) {
      var schema = reader.getFooter().getFileMetaData().getSchema();
      var columnIO = new ColumnIOFactory().getColumnIO(schema);
      PageReadStore group;
      while ((group = reader.readNextRowGroup()) != null) {
        var records = columnIO.getRecordReader(group, new GroupRecordConverter(schema));
        for (long i = 0; i < group.getRowCount(); i++) {
          out.add(records.read().getString("reason", 0));
        }
      }
    }
    return out;
  }
}
