package io.sparkrl.datasets.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV files whose fields or records pass the import's limits: each is an {@link ImportException}
 * naming the file, line and column, found while the characters stream by, before the parser buffers
 * the field.
 */
class CsvEpisodeImporterLimitsTest {

  private static final String HEADER = "episode_id,step,obs_0,obs_1,action,reward,terminal";

  /** Longer than any Java String (2^31 − 1 chars) and than the test JVM's heap (-Xmx3g). */
  private static final long HUGE_FIELD_BYTES = (4L << 30) + 17;

  @TempDir Path dir;

  private static void drain(Path file, CsvLimits limits) {
    try (CsvEpisodeImporter importer = CsvEpisodeImporter.open(file, limits)) {
      importer.rows().forEachRemaining(row -> {});
    }
  }

  private static void assertOverLimit(ThrowingCallable call, String column, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> {
              assertThat(e.error().rule()).isEqualTo(ValidationRule.IMPORT_LIMIT);
              assertThat(e.error().column()).isEqualTo(column);
            })
        .hasMessage(message);
  }

  @Test
  void aFieldOfGigabytesIsRejectedAtTheDefaultLimitNamingLineAndColumn() throws IOException {
    Path file = dir.resolve("huge-field.csv");
    Files.writeString(file, HEADER + "\n1,0,0.5,1,0,1,false\n1,1," + "x".repeat(1000));
    try {
      // The rest of obs_0 is a sparse run of NUL characters: gigabytes of field, no disk used.
      try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
        raw.setLength(HUGE_FIELD_BYTES);
      }
      assertOverLimit(
          () -> drain(file, CsvLimits.DEFAULT),
          "obs_0",
          "huge-field.csv: line 3, column obs_0: a field longer than 1048576 characters (the"
              + " import's limit per field; is a quote left open or a line break missing?)");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void theFirstRowsAreReturnedBeforeTheFieldThatIsTooLong() throws IOException {
    Path file = dir.resolve("late.csv");
    Files.writeString(file, HEADER + "\n1,0,0.5,1,0,1,false\n1,1," + "9".repeat(40) + ",1,0,1,1\n");
    try (CsvEpisodeImporter importer = CsvEpisodeImporter.open(file, new CsvLimits(32, 64, 16))) {
      Iterator<EpisodeRow> rows = importer.rows();
      assertThat(rows.next().vector()).containsExactly(0.5f, 1f);
      assertOverLimit(
          rows::hasNext,
          "obs_0",
          "late.csv: line 3, column obs_0: a field longer than 32 characters (the import's limit"
              + " per field; is a quote left open or a line break missing?)");
    }
  }

  @Test
  void aLineWithoutLineBreaksOfShortFieldsPassesTheColumnLimit() throws IOException {
    Path file = dir.resolve("wide.csv");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER + "\n");
      for (int i = 0; i < CsvLimits.DEFAULT_MAX_COLUMNS + 10; i++) {
        out.write("1,");
      }
    }
    assertOverLimit(
        () -> drain(file, CsvLimits.DEFAULT),
        null,
        "wide.csv: line 2, column 65537 (by position): a record of more than 65536 columns (the"
            + " import's limit per record)");
  }

  @Test
  void aHeaderOfTooManyColumnsIsRejectedWhenOpened() throws IOException {
    StringBuilder header = new StringBuilder(HEADER);
    for (int i = 2; i < 20; i++) {
      header.append(",obs_").append(i);
    }
    Path file = Files.writeString(dir.resolve("header.csv"), header + "\n");
    assertOverLimit(
        () -> CsvEpisodeImporter.open(file, new CsvLimits(16, 1024, 12)),
        null,
        "header.csv: line 1, column 13 (by position): a record of more than 12 columns (the"
            + " import's limit per record)");
  }

  @Test
  void aRecordLongerThanItsLimitIsRejectedEvenWithShortFields() throws IOException {
    // The header is 50 characters; the row's fields are at most 14.
    Path file =
        Files.writeString(
            dir.resolve("long.csv"),
            HEADER + "\nep-00000000001,0,0.250000000001,0.500000000001,1,1.00000000001,false\n");
    assertOverLimit(
        () -> drain(file, new CsvLimits(16, 50, 16)),
        "reward",
        "long.csv: line 2, column reward: a record longer than 50 characters (the import's limit"
            + " per record; is a line break missing?)");
  }

  @Test
  void quotedLineBreaksAndCommasBelongToTheFieldAndTheRecordsStartLineIsNamed() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("quoted.csv"),
            HEADER
                + "\r\n\"ep,\r\n\"\"a\"\"\",0,1,2,0,1,false\r\n"
                + "b,0,1,2,0,1,false\n"
                + "\"c\n"
                + "x".repeat(20)
                + "\",0,1,2,0,1,false\n");
    CsvLimits limits = new CsvLimits(16, 64, 16);
    List<EpisodeRow> rows = new ArrayList<>();
    try (CsvEpisodeImporter importer = CsvEpisodeImporter.open(file, limits)) {
      Iterator<EpisodeRow> it = importer.rows();
      rows.add(it.next());
      rows.add(it.next());
      assertOverLimit(
          it::hasNext,
          "episode_id",
          "quoted.csv: line 5, column episode_id: a field longer than 16 characters (the import's"
              + " limit per field; is a quote left open or a line break missing?)");
    }
    assertThat(rows).extracting(EpisodeRow::episodeId).containsExactly("ep,\r\n\"a\"", "b");
  }

  @Test
  void aQuoteInsideAnUnquotedFieldDoesNotOpenAQuotedField() throws IOException {
    // The parser reads 1"5 as a literal; a quote there must not swallow the next lines.
    Path file =
        Files.writeString(
            dir.resolve("inner.csv"),
            HEADER + "\n1\"5,0,1,2,0,1,false\nb,0,1,2,0,1,false\nc,0,1,2,0,1,false\n");
    List<EpisodeRow> rows = new ArrayList<>();
    try (CsvEpisodeImporter importer = CsvEpisodeImporter.open(file, new CsvLimits(16, 64, 8))) {
      importer.rows().forEachRemaining(rows::add);
    }
    assertThat(rows).extracting(EpisodeRow::episodeId).containsExactly("1\"5", "b", "c");
  }

  @Test
  void limitsMustBeConsistent() {
    assertThatThrownBy(() -> new CsvLimits(10, 5, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRecordChars >= maxFieldChars");
  }
}
