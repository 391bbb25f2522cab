package io.sparkrl.datasets.parquet;

import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.RejectedEpisodeSink;
import io.sparkrl.datasets.validation.ValidationError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Quarantine mode's side folder (docs/design.md §4): every rejected episode's rows exactly as read
 * (NaN and out-of-range values included) in part files like a dataset's, plus a string column
 * {@code reason} holding all of the episode's errors joined with {@code "; "}. Episode ids are
 * strings, steps int64, and {@code action_prob} is always present (NaN where the input had none),
 * so {@link EpisodeParquetReader} reads the folder back. A part holds either vector or image
 * observations: a row of the other kind starts a new part. Counts of rejected episodes and rows are
 * kept for the run's provenance. Not thread-safe.
 */
public final class QuarantineParquetWriter implements RejectedEpisodeSink {

  private static final String SEPARATOR = "; ";

  private final Path dir;
  private final long rowsPerFile;
  private final PartFileWriter parts;
  private long episodes;
  private long rows;
  private boolean closed;

  private QuarantineParquetWriter(Path dir, long rowsPerFile) throws IOException {
    this.dir = dir;
    this.rowsPerFile = rowsPerFile;
    this.parts = new PartFileWriter(dir);
  }

  /**
   * Starts a quarantine folder in {@code dir} (created if needed).
   *
   * @param rowsPerFile rows after which the next episode starts a new part file, ≥ 1
   */
  public static QuarantineParquetWriter create(Path dir, long rowsPerFile) throws IOException {
    if (rowsPerFile < 1) {
      throw new IllegalArgumentException("rowsPerFile must be >= 1, got " + rowsPerFile);
    }
    return new QuarantineParquetWriter(dir, rowsPerFile);
  }

  /**
   * Writes one rejected episode's rows with its reasons; an episode without rows is only counted.
   *
   * @throws IllegalArgumentException if {@code errors} is empty
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public void reject(String episodeId, List<EpisodeRow> episodeRows, List<ValidationError> errors)
      throws IOException {
    if (closed) {
      throw new IllegalStateException("quarantine writer for " + dir + " is closed");
    }
    if (errors == null || errors.isEmpty()) {
      throw new IllegalArgumentException(
          "episode " + episodeId + ": a rejected episode needs at least one error");
    }
    String reason =
        errors.stream().map(ValidationError::toString).collect(Collectors.joining(SEPARATOR));
    if (parts.isOpen() && parts.rowsInPart() >= rowsPerFile) {
      parts.finishPart();
    }
    for (EpisodeRow row : episodeRows) {
      boolean image = row.image() != null;
      if (parts.isOpen() && isImagePart() != image) {
        parts.finishPart();
      }
      if (!parts.isOpen()) {
        parts.startPart(EpisodeParquetSchema.of(false, image, true, true));
      }
      EpisodeRow written = row;
      if (row.episodeId() == null) {
        written =
            new EpisodeRow(
                row.source(),
                episodeId,
                row.step(),
                row.vector(),
                row.image(),
                row.action(),
                row.reward(),
                row.terminal(),
                row.timeout(),
                row.actionProb());
      }
      parts.write(new RowWriteSupport.Row(written, reason));
      rows++;
    }
    episodes++;
  }

  private boolean isImagePart() {
    return parts.schema().getType(EpisodeColumns.OBSERVATION).isPrimitive();
  }

  /** Rejected episodes taken so far. */
  public long rejectedEpisodes() {
    return episodes;
  }

  /** Rows of rejected episodes written so far. */
  public long rejectedRows() {
    return rows;
  }

  /** Part files finished so far. */
  public int partCount() {
    return parts.parts();
  }

  /** Finishes the last part. Closing twice does nothing. */
  @Override
  public void close() throws IOException {
    closed = true;
    parts.close();
  }
}
