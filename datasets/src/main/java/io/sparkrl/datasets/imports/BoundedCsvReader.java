package io.sparkrl.datasets.imports;

import io.sparkrl.datasets.validation.ValidationRule;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * A reader under the CSV parser that stops a file whose field, record or number of columns passes
 * its {@link CsvLimits}, as the characters go by: the parser buffers a whole field and a whole
 * record, so a 1 GB field or a line without a newline would otherwise be an out-of-memory error.
 * The error names the file, the line the record starts on and the column.
 *
 * <p>It follows RFC 4180 as the parser reads it ({@code CSVFormat.DEFAULT}): a field is quoted if
 * it starts with {@code "}, a doubled quote inside it is a quote, and commas and line breaks inside
 * quotes belong to the field; {@code \n}, {@code \r} and {@code \r\n} end a record.
 */
final class BoundedCsvReader extends FilterReader {

  private enum State {
    FIELD_START,
    UNQUOTED,
    QUOTED,
    QUOTE_IN_QUOTED
  }

  private final String source;
  private final CsvLimits limits;
  private List<String> columnNames = List.of();
  private State state = State.FIELD_START;
  private boolean afterCarriageReturn;
  private long line = 1;
  private long recordLine = 1;
  private int column;
  private long fieldChars;
  private long recordChars;
  private Violation pending;

  BoundedCsvReader(Reader in, String source, CsvLimits limits) {
    super(in);
    this.source = source;
    this.limits = limits;
  }

  /** The header's names, so that errors in data rows name the column rather than its position. */
  void nameColumns(List<String> names) {
    columnNames = List.copyOf(names);
  }

  @Override
  public int read() throws IOException {
    throwPending();
    int c = super.read();
    if (c >= 0) {
      Violation over = accept((char) c);
      if (over != null) {
        throw exception(over);
      }
    }
    return c;
  }

  /**
   * Passes on the characters before the first one past a limit and fails on the next call, so that
   * the parser returns every record before the one that broke the limit.
   */
  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    throwPending();
    int n = super.read(buffer, offset, length);
    for (int i = 0; i < n; i++) {
      Violation over = accept(buffer[offset + i]);
      if (over != null) {
        if (i == 0) {
          throw exception(over);
        }
        pending = over;
        return i;
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && read() >= 0) {
      skipped++;
    }
    return skipped;
  }

  private void throwPending() {
    if (pending != null) {
      throw exception(pending);
    }
  }

  /** Follows one character; the error if it passes a limit, else null. */
  private Violation accept(char c) {
    boolean crlf = afterCarriageReturn && c == '\n';
    afterCarriageReturn = c == '\r';
    if (state == State.QUOTED) {
      if (c == '"') {
        state = State.QUOTE_IN_QUOTED;
      } else if (c == '\n' && !crlf || c == '\r') {
        line++;
      }
      return count();
    }
    if (state == State.QUOTE_IN_QUOTED && c == '"') {
      state = State.QUOTED;
      return count();
    }
    if (c == ',') {
      column++;
      fieldChars = 0;
      recordChars++;
      state = State.FIELD_START;
      if (column >= limits.maxColumns()) {
        return over(
            "a record of more than "
                + limits.maxColumns()
                + " columns (the import's limit per record)");
      }
      return null;
    }
    if (c == '\n' || c == '\r') {
      if (!crlf) {
        line++;
      }
      recordLine = line;
      column = 0;
      fieldChars = 0;
      recordChars = 0;
      state = State.FIELD_START;
      return null;
    }
    state = state == State.FIELD_START && c == '"' ? State.QUOTED : State.UNQUOTED;
    return count();
  }

  private Violation count() {
    fieldChars++;
    recordChars++;
    if (fieldChars > limits.maxFieldChars()) {
      return over(
          "a field longer than "
              + limits.maxFieldChars()
              + " characters (the import's limit per field; is a quote left open or a line break"
              + " missing?)");
    }
    if (recordChars > limits.maxRecordChars()) {
      return over(
          "a record longer than "
              + limits.maxRecordChars()
              + " characters (the import's limit per record; is a line break missing?)");
    }
    return null;
  }

  private Violation over(String what) {
    return new Violation(what, column, recordLine);
  }

  /**
   * A limit passed at {@code column} of the record starting on {@code line}. The column is named
   * when the exception is made, by then the parser has read the header even if this reader saw the
   * limit pass while reading ahead.
   */
  private record Violation(String what, int column, long line) {}

  private ImportException exception(Violation v) {
    String name = v.column() < columnNames.size() ? columnNames.get(v.column()) : null;
    String where =
        "line "
            + v.line()
            + ", "
            + (name != null ? "column " + name : "column " + (v.column() + 1) + " (by position)");
    return ImportException.of(source, name, ValidationRule.IMPORT_LIMIT, where + ": " + v.what());
  }
}
