package io.sparkrl.datasets.parquet;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.DatasetManifestParser;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;

/**
 * Streams the rows of a Parquet episode dataset (docs/design.md §2), record by record: one row
 * group of one file is in memory at a time, never a whole file. Reads a single file, or every
 * {@code *.parquet} file of a directory in name order, skipping names that start with {@code _} or
 * {@code .} (Spark's {@code _SUCCESS}, temporary files) and {@code dataset.json}. Rows come back as
 * stored, without validation; {@link EpisodeRow#source()} is the part file's name.
 *
 * <p>Accepts this package's output and Spark's ({@code nullable} columns, {@code array<float>} or
 * {@code array<double>}, {@code long} steps and ids); see {@link ColumnLayout} for the exact types.
 *
 * <p>Every failure is a {@link DatasetReadException} naming the file and column: UNREADABLE_PATH,
 * EMPTY_DATASET, CORRUPT_FILE (not Parquet, truncated, undecodable, or a malformed or newer {@code
 * dataset.json}, or one whose {@code episode_id_type} disagrees with the first file),
 * MISSING_COLUMN (also a null in a required column), MISTYPED_COLUMN. Schema errors of the first
 * file surface from {@link #open(Path)}, later files' from {@link #hasNext()}.
 */
public final class EpisodeParquetReader implements Iterator<EpisodeRow>, AutoCloseable {

  private static final String PARQUET_SUFFIX = ".parquet";

  private final List<Path> files;
  private DatasetManifest manifest;
  private int nextFile;
  private ParquetFileReader current;
  private String currentName;
  private MessageColumnIO columnIO;
  private RowMaterializer materializer;
  private RecordReader<EpisodeRow> records;
  private long rowsLeftInGroup;
  private EpisodeRow lookahead;

  private EpisodeParquetReader(List<Path> files, DatasetManifest manifest) {
    this.files = files;
    this.manifest = manifest;
  }

  /**
   * Opens a dataset directory or one Parquet file, reads {@code dataset.json} if present and checks
   * the first file's schema.
   *
   * @throws DatasetReadException UNREADABLE_PATH if the path does not exist or cannot be listed,
   *     EMPTY_DATASET if a directory holds no Parquet files, or any error of the first file
   */
  public static EpisodeParquetReader open(Path dirOrFile) {
    String source = dirOrFile.toString();
    if (!Files.exists(dirOrFile)) {
      throw failure(source, ValidationRule.UNREADABLE_PATH, "path does not exist", null);
    }
    List<Path> files;
    DatasetManifest manifest = null;
    if (Files.isDirectory(dirOrFile)) {
      try (Stream<Path> listing = Files.list(dirOrFile)) {
        files =
            listing
                .filter(EpisodeParquetReader::isPartFile)
                .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                .toList();
      } catch (IOException | UncheckedIOException e) {
        throw failure(source, ValidationRule.UNREADABLE_PATH, "cannot list: " + e.getMessage(), e);
      }
      if (files.isEmpty()) {
        throw failure(source, ValidationRule.EMPTY_DATASET, "no Parquet files in directory", null);
      }
      manifest = readManifest(dirOrFile.resolve(DatasetManifest.FILE_NAME));
    } else if (Files.isReadable(dirOrFile)) {
      files = List.of(dirOrFile);
    } else {
      throw failure(source, ValidationRule.UNREADABLE_PATH, "file is not readable", null);
    }
    EpisodeParquetReader reader = new EpisodeParquetReader(files, manifest);
    try {
      ColumnLayout first = reader.openNextFile();
      if (manifest != null) {
        reader.manifest = withIdTypeOf(manifest, first, reader.currentName);
      }
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
    return reader;
  }

  private static boolean isPartFile(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(PARQUET_SUFFIX)
        && !name.startsWith("_")
        && !name.startsWith(".")
        && Files.isRegularFile(path);
  }

  private static DatasetManifest readManifest(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    String name = file.getFileName().toString();
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw failure(name, ValidationRule.UNREADABLE_PATH, "cannot read: " + e.getMessage(), e);
    }
    try {
      return DatasetManifestParser.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw failure(name, ValidationRule.CORRUPT_FILE, e.getMessage(), e);
    }
  }

  /**
   * A manifest that omits {@code episode_id_type} takes the first part file's; one that states it
   * must agree with that file.
   */
  private static DatasetManifest withIdTypeOf(
      DatasetManifest manifest, ColumnLayout first, String firstName) {
    String declared = manifest.episodeIdType();
    if (declared == null) {
      return manifest.withEpisodeIdType(first.episodeIdType());
    }
    if (!declared.equals(first.episodeIdType())) {
      throw failure(
          DatasetManifest.FILE_NAME,
          ValidationRule.CORRUPT_FILE,
          "episode_id_type "
              + declared
              + " disagrees with "
              + firstName
              + ", whose episode_id column is "
              + first.episodeIdType(),
          null);
    }
    return manifest;
  }

  /**
   * The dataset's {@code dataset.json}, or null if it has none (or a single file was opened). Its
   * episode-id type is always known: from the file, else from the first part file's schema. Counts
   * and statistics may be unknown ({@link DatasetManifest#isComplete()}).
   */
  public DatasetManifest manifest() {
    return manifest;
  }

  /** The Parquet files read, in reading order. */
  public List<Path> files() {
    return files;
  }

  @Override
  public boolean hasNext() {
    if (lookahead == null) {
      lookahead = advance();
    }
    return lookahead != null;
  }

  @Override
  public EpisodeRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more rows");
    }
    EpisodeRow row = lookahead;
    lookahead = null;
    return row;
  }

  private EpisodeRow advance() {
    while (true) {
      try {
        if (rowsLeftInGroup > 0) {
          rowsLeftInGroup--;
          return records.read();
        }
        if (current != null) {
          PageReadStore group = current.readNextRowGroup();
          if (group != null) {
            records = columnIO.getRecordReader(group, materializer);
            rowsLeftInGroup = group.getRowCount();
            continue;
          }
          closeCurrent();
        }
      } catch (DatasetReadException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw failure(currentName, ValidationRule.CORRUPT_FILE, "cannot decode: " + e, e);
      }
      if (nextFile >= files.size()) {
        return null;
      }
      openNextFile();
    }
  }

  private ColumnLayout openNextFile() {
    Path file = files.get(nextFile++);
    currentName = file.getFileName().toString();
    try {
      current = ParquetFileReader.open(new NioInputFile(file));
    } catch (IOException | RuntimeException e) {
      throw failure(
          currentName, ValidationRule.CORRUPT_FILE, "not a readable Parquet file: " + e, e);
    }
    ColumnLayout layout =
        ColumnLayout.of(currentName, current.getFooter().getFileMetaData().getSchema());
    current.setRequestedSchema(layout.projection());
    columnIO =
        new ColumnIOFactory()
            .getColumnIO(layout.projection(), current.getFooter().getFileMetaData().getSchema());
    materializer = new RowMaterializer(currentName, layout);
    rowsLeftInGroup = 0;
    return layout;
  }

  private void closeCurrent() throws IOException {
    ParquetFileReader closing = current;
    current = null;
    records = null;
    if (closing != null) {
      closing.close();
    }
  }

  /** Closes the open file. */
  @Override
  public void close() {
    try {
      closeCurrent();
    } catch (IOException e) {
      throw new UncheckedIOException("closing " + currentName, e);
    }
  }

  private static DatasetReadException failure(
      String source, ValidationRule rule, String detail, Throwable cause) {
    return new DatasetReadException(
        new ValidationError(source, null, null, null, rule, detail), cause);
  }
}
