package io.sparkrl.datasets.parquet;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.DatasetManifestParser;
import io.sparkrl.datasets.DatasetStatistics;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.EpisodeSink;
import io.sparkrl.datasets.ObservationShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes validated episodes as a Parquet episode dataset (docs/design.md §2): part files {@code
 * part-00000.parquet}, {@code part-00001.parquet}, … in {@code dir}, snappy-compressed, plus {@code
 * dataset.json} on {@link #close()}.
 *
 * <p>Each episode's rows are contiguous and in step order (step 0, 1, …), and an episode never
 * spans two parts: a new part starts before the next episode once the current one holds {@code
 * rowsPerFile} rows or more. The last row carries {@code terminal} or {@code timeout} per {@link
 * Episode#end()}. Parts are written under hidden temporary names and renamed when complete.
 *
 * <p>Columns are fixed by the first episode: {@code action_prob} is written if it has action
 * probabilities (later episodes without them leave the column null, which reads back as NaN); a
 * later episode with probabilities when the first had none is rejected. Rows stream into parquet,
 * so memory is bounded by parquet's row-group buffer, not the dataset. Not thread-safe.
 */
public final class EpisodeParquetWriter implements EpisodeSink {

  private final Path dir;
  private final ObservationShape shape;
  private final int actionSize;
  private final boolean int64Ids;
  private final long rowsPerFile;
  private final PartFileWriter parts;
  private final DatasetStatistics statistics;
  private Boolean actionProbs;
  private DatasetManifest manifest;

  private EpisodeParquetWriter(
      Path dir, ObservationShape shape, int actionSize, boolean int64Ids, long rowsPerFile)
      throws IOException {
    this.dir = dir;
    this.shape = shape;
    this.actionSize = actionSize;
    this.int64Ids = int64Ids;
    this.rowsPerFile = rowsPerFile;
    this.statistics = new DatasetStatistics(shape, actionSize);
    this.parts = new PartFileWriter(dir);
  }

  /**
   * Starts a dataset in {@code dir} (created if needed).
   *
   * @param dir the dataset directory
   * @param shape the observation shape every episode must have
   * @param actionSize actions are in [0, actionSize)
   * @param intEpisodeIds store episode_id as int64; every id must then be a canonical decimal long
   *     ({@code "17"}, not {@code "017"}), so it reads back as the same string
   * @param rowsPerFile rows after which the next episode starts a new part file, ≥ 1
   * @throws IllegalArgumentException if actionSize or rowsPerFile is below 1
   */
  public static EpisodeParquetWriter create(
      Path dir, ObservationShape shape, int actionSize, boolean intEpisodeIds, long rowsPerFile)
      throws IOException {
    if (actionSize < 1) {
      throw new IllegalArgumentException("action_size must be >= 1, got " + actionSize);
    }
    if (rowsPerFile < 1) {
      throw new IllegalArgumentException("rowsPerFile must be >= 1, got " + rowsPerFile);
    }
    return new EpisodeParquetWriter(dir, shape, actionSize, intEpisodeIds, rowsPerFile);
  }

  /**
   * Writes one episode.
   *
   * @throws IllegalArgumentException if its shape differs from the dataset's, an action is out of
   *     range, its id is not a canonical long with int64 ids, or it has action probabilities when
   *     the first episode had none
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public void accept(Episode episode) throws IOException {
    if (manifest != null) {
      throw new IllegalStateException("writer for " + dir + " is closed");
    }
    if (int64Ids && !isCanonicalLong(episode.id())) {
      throw new IllegalArgumentException(
          "episode "
              + episode.id()
              + ": id is not an int64 (canonical decimal), but the writer stores int64 ids");
    }
    boolean withProbs = actionProbs == null ? episode.hasActionProbs() : actionProbs;
    if (episode.hasActionProbs() && !withProbs) {
      throw new IllegalArgumentException(
          "episode "
              + episode.id()
              + ": has action probabilities, but the dataset's first episode had none,"
              + " so it has no action_prob column");
    }
    statistics.add(episode); // checks the shape and the actions before anything is written
    actionProbs = withProbs;
    if (parts.isOpen() && parts.rowsInPart() >= rowsPerFile) {
      parts.finishPart();
    }
    if (!parts.isOpen()) {
      parts.startPart(EpisodeParquetSchema.of(int64Ids, shape.isImage(), actionProbs, false));
    }
    int n = episode.length();
    int size = shape.size();
    for (int t = 0; t < n; t++) {
      boolean last = t == n - 1;
      float[] vector =
          episode.vectorData() == null
              ? null
              : Arrays.copyOfRange(episode.vectorData(), t * size, (t + 1) * size);
      byte[] image =
          episode.imageData() == null
              ? null
              : Arrays.copyOfRange(episode.imageData(), t * size, (t + 1) * size);
      EpisodeRow row =
          new EpisodeRow(
              null,
              episode.id(),
              t,
              vector,
              image,
              episode.action(t),
              episode.reward(t),
              last && episode.end() == EndKind.TERMINAL,
              last && episode.end() == EndKind.TIMEOUT,
              episode.actionProb(t));
      parts.write(new RowWriteSupport.Row(row, null));
    }
  }

  private static boolean isCanonicalLong(String id) {
    try {
      return Long.toString(Long.parseLong(id)).equals(id);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Finishes the last part and writes {@code dataset.json}. Closing twice does nothing. */
  @Override
  public void close() throws IOException {
    if (manifest != null) {
      return;
    }
    parts.close();
    DatasetManifest written =
        statistics.toManifest(int64Ids ? DatasetManifest.ID_INT64 : DatasetManifest.ID_STRING);
    DatasetManifestParser.write(written, dir.resolve(DatasetManifest.FILE_NAME));
    manifest = written;
  }

  /** The manifest written by {@link #close()}, or null before it. */
  public DatasetManifest manifest() {
    return manifest;
  }

  /** Part files finished so far. */
  public int partCount() {
    return parts.parts();
  }

  /** The number of actions the dataset was created with. */
  public int actionSize() {
    return actionSize;
  }
}
