package io.sparkrl.datasets.imports;

import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the rows of an episode CSV file (UTF-8, comma-separated, RFC 4180 quoting) with a header
 * row naming the columns {@code episode_id, step, obs_0..obs_{k−1}, action, reward, terminal} and
 * optionally {@code timeout} and {@code action_prob}, in any order. Observations are float vectors
 * of the k {@code obs_i} columns, ordered by i. Rows keep the docs/design.md §2 meaning: {@code
 * reward} is the reward for taking {@code action} in this row's state.
 *
 * <p>Values: ids are kept as strings; {@code step} and {@code action} are integers (a decimal with
 * no fraction, e.g. {@code 2.0}, is accepted); numbers are decimal floats, with {@code NaN}, {@code
 * inf}, {@code -inf} allowed (the validator rejects them where they matter); booleans are {@code
 * true}/{@code false} (any case) or {@code 1}/{@code 0}. Empty cells are errors, and so are unknown
 * columns, since their data would otherwise be dropped. Blank lines are skipped.
 *
 * <p>Rows are read lazily: {@link #rows()} reads one record per {@code next()}, so files of any
 * size stream in constant memory. A field longer than 1 Mi characters, a record longer than 16 Mi
 * characters or of more than 65536 columns is an error naming the line and column ({@link
 * CsvLimits}), found before the parser buffers it. The importer must stay open until the iteration
 * ends. Errors are {@link ImportException}s naming the file, line, column and value, e.g. {@code
 * data.csv: line 17, column reward: "abc" is not a number}. Nothing is validated beyond parsing.
 */
public final class CsvEpisodeImporter implements AutoCloseable {

  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).build();

  private final String source;
  private final BoundedCsvReader reader;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final CsvColumns columns;
  private boolean iterated;
  private long rowsRead;

  private CsvEpisodeImporter(String source, BoundedCsvReader reader, CSVParser parser) {
    this.source = source;
    this.reader = reader;
    this.parser = parser;
    this.records = parser.iterator();
    CSVRecord header = nextRecord();
    if (header == null) {
      throw ImportException.of(
          source, null, ValidationRule.MISSING_COLUMN, "the file is empty: no header row");
    }
    columns = CsvColumns.resolve(header.toList(), source);
    reader.nameColumns(header.toList().stream().map(String::trim).toList());
  }

  /**
   * Opens {@code file} and reads its header row.
   *
   * @throws ImportException if the file cannot be read, has no header, lacks a required column, has
   *     an unknown or duplicate column, or has a gap in its obs indices
   */
  public static CsvEpisodeImporter open(Path file) {
    return open(file, CsvLimits.DEFAULT);
  }

  /** As {@link #open(Path)}, with other limits on a field, a record and the number of columns. */
  static CsvEpisodeImporter open(Path file, CsvLimits limits) {
    String source = String.valueOf(file.getFileName());
    BoundedCsvReader reader;
    CSVParser parser;
    try {
      reader =
          new BoundedCsvReader(
              Files.newBufferedReader(file, StandardCharsets.UTF_8), source, limits);
      parser = FORMAT.parse(reader);
    } catch (IOException e) {
      throw ImportException.of(
          source, null, ValidationRule.UNREADABLE_PATH, "cannot read file " + file + ": " + e, e);
    }
    try {
      return new CsvEpisodeImporter(source, reader, parser);
    } catch (RuntimeException e) {
      closeQuietlyAfter(parser, e);
      throw e;
    }
  }

  /** Features per observation: the number of obs_i columns. */
  public int observationLength() {
    return columns.observations().length;
  }

  /** True if the file has a {@code timeout} column (otherwise every row's timeout is false). */
  public boolean hasTimeout() {
    return columns.timeout() >= 0;
  }

  /** True if the file has an {@code action_prob} column (otherwise every row's is NaN). */
  public boolean hasActionProb() {
    return columns.actionProb() >= 0;
  }

  /** Data rows returned so far. */
  public long rowsRead() {
    return rowsRead;
  }

  /**
   * The file's rows in file order, read lazily; the file can be read once.
   *
   * @throws IllegalStateException if called twice
   * @throws ImportException from {@code hasNext()} or {@code next()} for a malformed record or a
   *     value that does not parse
   */
  public Iterator<EpisodeRow> rows() {
    if (iterated) {
      throw new IllegalStateException(source + ": rows() can be called only once");
    }
    iterated = true;
    return new Iterator<>() {
      private CSVRecord pending;
      private long pendingLine;

      @Override
      public boolean hasNext() {
        while (pending == null) {
          long line = parser.getCurrentLineNumber() + 1;
          CSVRecord record = nextRecord();
          if (record == null) {
            return false;
          }
          if (!(record.size() == 1 && record.get(0).isBlank())) {
            pending = record;
            pendingLine = line;
          }
        }
        return true;
      }

      @Override
      public EpisodeRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        CSVRecord record = pending;
        pending = null;
        EpisodeRow row = new CsvRowParser(source, pendingLine, columns).parse(record);
        rowsRead++;
        return row;
      }
    };
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": cannot close", e);
    }
  }

  private CSVRecord nextRecord() {
    long line = parser.getCurrentLineNumber() + 1;
    try {
      return records.hasNext() ? records.next() : null;
    } catch (UncheckedIOException | IllegalStateException e) {
      throw ImportException.of(
          source,
          null,
          ValidationRule.CORRUPT_FILE,
          "line " + line + ": malformed CSV: " + e.getMessage(),
          e);
    }
  }

  private static void closeQuietlyAfter(CSVParser parser, RuntimeException failure) {
    try {
      parser.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** Turns one record into a row; every failure names the line, column and value. */
  private record CsvRowParser(String source, long line, CsvColumns columns) {

    EpisodeRow parse(CSVRecord record) {
      if (record.size() != columns.width()) {
        throw ImportException.of(
            source,
            null,
            ValidationRule.CORRUPT_FILE,
            "line "
                + line
                + ": "
                + record.size()
                + " values, but the header has "
                + columns.width()
                + " columns");
      }
      int[] obs = columns.observations();
      float[] vector = new float[obs.length];
      for (int i = 0; i < obs.length; i++) {
        vector[i] = number(record, obs[i], CsvColumns.OBSERVATION_PREFIX + i);
      }
      String episodeId = value(record, columns.episodeId(), EpisodeColumns.EPISODE_ID);
      long step = integer(record, columns.step(), EpisodeColumns.STEP, Long.MAX_VALUE);
      int action =
          (int) integer(record, columns.action(), EpisodeColumns.ACTION, Integer.MAX_VALUE);
      float reward = number(record, columns.reward(), EpisodeColumns.REWARD);
      boolean terminal = flag(record, columns.terminal(), EpisodeColumns.TERMINAL);
      boolean timeout =
          columns.timeout() >= 0 && flag(record, columns.timeout(), EpisodeColumns.TIMEOUT);
      float actionProb =
          columns.actionProb() >= 0
              ? number(record, columns.actionProb(), EpisodeColumns.ACTION_PROB)
              : Float.NaN;
      return new EpisodeRow(
          source, episodeId, step, vector, null, action, reward, terminal, timeout, actionProb);
    }

    private String value(CSVRecord record, int at, String column) {
      String value = record.get(at).trim();
      if (value.isEmpty()) {
        throw bad(column, "is empty");
      }
      return value;
    }

    private float number(CSVRecord record, int at, String column) {
      String value = value(record, at, column);
      switch (value.toLowerCase(Locale.ROOT)) {
        case "nan":
          return Float.NaN;
        case "inf", "+inf", "infinity", "+infinity":
          return Float.POSITIVE_INFINITY;
        case "-inf", "-infinity":
          return Float.NEGATIVE_INFINITY;
        default:
          break;
      }
      try {
        return Float.parseFloat(value);
      } catch (NumberFormatException e) {
        throw bad(column, "\"" + value + "\" is not a number");
      }
    }

    /** An integer in [-max-1, max]; a decimal without fraction counts as an integer. */
    private long integer(CSVRecord record, int at, String column, long max) {
      String value = value(record, at, column);
      long parsed;
      try {
        parsed = Long.parseLong(value);
      } catch (NumberFormatException e) {
        double d;
        try {
          d = Double.parseDouble(value);
        } catch (NumberFormatException notNumber) {
          throw bad(column, "\"" + value + "\" is not an integer");
        }
        if (d != Math.rint(d) || Math.abs(d) > (double) Long.MAX_VALUE) {
          throw bad(column, "\"" + value + "\" is not an integer");
        }
        parsed = (long) d;
      }
      if (parsed > max || parsed < -max - 1) {
        throw bad(column, "\"" + value + "\" is out of range");
      }
      return parsed;
    }

    private boolean flag(CSVRecord record, int at, String column) {
      String value = value(record, at, column);
      switch (value.toLowerCase(Locale.ROOT)) {
        case "true", "1":
          return true;
        case "false", "0":
          return false;
        default:
          throw bad(column, "\"" + value + "\" is not a boolean (true, false, 1 or 0)");
      }
    }

    private ImportException bad(String column, String what) {
      return ImportException.of(
          source,
          column,
          ValidationRule.MISTYPED_COLUMN,
          "line " + line + ", column " + column + ": " + what);
    }
  }
}
