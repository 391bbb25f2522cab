package io.sparkrl.datasets.imports;

/**
 * How large one CSV field and one record may be, so that reading a file takes bounded memory
 * whatever it holds (docs/design.md §2.3). The parser holds one field and one record at a time: at
 * the defaults, at most a few tens of MiB.
 *
 * @param maxFieldChars characters in one field, quotes included
 * @param maxRecordChars characters in one record, commas included, line breaks not
 * @param maxColumns fields in one record (the header's width bounds the observation length)
 */
record CsvLimits(int maxFieldChars, int maxRecordChars, int maxColumns) {

  /** 1 Mi characters: a number takes a few dozen, an episode id rarely more than a hundred. */
  static final int DEFAULT_MAX_FIELD_CHARS = 1 << 20;

  /** 16 Mi characters. */
  static final int DEFAULT_MAX_RECORD_CHARS = 1 << 24;

  /** 65536 columns: observation vectors of up to about 65 thousand features. */
  static final int DEFAULT_MAX_COLUMNS = 1 << 16;

  static final CsvLimits DEFAULT =
      new CsvLimits(DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_RECORD_CHARS, DEFAULT_MAX_COLUMNS);

  CsvLimits {
    if (maxFieldChars < 1 || maxRecordChars < maxFieldChars || maxColumns < 1) {
      throw new IllegalArgumentException(
          "CSV limits must be positive with maxRecordChars >= maxFieldChars, got field "
              + maxFieldChars
              + ", record "
              + maxRecordChars
              + ", columns "
              + maxColumns);
    }
  }
}
