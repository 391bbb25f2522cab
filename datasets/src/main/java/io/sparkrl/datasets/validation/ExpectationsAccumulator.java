package io.sparkrl.datasets.validation;

import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import java.io.Serial;
import java.io.Serializable;

/**
 * Infers {@link DatasetExpectations} for a dataset without a manifest: the observation length of
 * the first row seen and {@code action_size = max action + 1} (docs/design.md §2). Rows that
 * disagree with the first one are not reported here; {@link EpisodeRules#checkRow} reports them
 * afterwards.
 *
 * <p>A serializable {@code add} / {@code merge} aggregator, so Spark can run it per partition and
 * combine the partials. Mutable and not thread-safe; {@code add} and {@code merge} return {@code
 * this}.
 */
public final class ExpectationsAccumulator implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private long rows;
  private boolean firstIsImage;
  private int firstLength = -1;
  private int maxAction = Integer.MIN_VALUE;

  /** Counts one row. */
  public ExpectationsAccumulator add(EpisodeRow row) {
    if (rows == 0) {
      firstIsImage = row.vector() == null && row.image() != null;
      firstLength = row.vector() != null || row.image() != null ? row.observationLength() : -1;
    }
    rows++;
    maxAction = Math.max(maxAction, row.action());
    return this;
  }

  /** Adds another partial result; this one's first row stays first if it has one. */
  public ExpectationsAccumulator merge(ExpectationsAccumulator other) {
    if (rows == 0) {
      firstIsImage = other.firstIsImage;
      firstLength = other.firstLength;
    }
    rows += other.rows;
    maxAction = Math.max(maxAction, other.maxAction);
    return this;
  }

  /** Rows seen so far. */
  public long rowCount() {
    return rows;
  }

  /**
   * The inferred expectations for vector datasets; for image datasets, whose C×H×W cannot be
   * inferred from a byte count, {@code imageShape} must be given (from the config).
   *
   * @param imageShape the configured image shape, or null
   * @throws IllegalStateException if no row was seen, the first row had no observation, or the
   *     first row is an image and {@code imageShape} is null
   */
  public DatasetExpectations result(ObservationShape imageShape) {
    if (rows == 0) {
      throw new IllegalStateException("cannot infer observation shape and action_size: no rows");
    }
    if (firstLength < 1) {
      throw new IllegalStateException(
          "cannot infer the observation shape: the first row has an empty observation");
    }
    // max action + 1, but at least 1: negative actions are reported by the row rules.
    int actionSize = (int) Math.max(1L, (long) maxAction + 1);
    if (!firstIsImage) {
      return new DatasetExpectations(ObservationShape.vector(firstLength), actionSize);
    }
    if (imageShape == null) {
      throw new IllegalStateException(
          "image observations of "
              + firstLength
              + " bytes need their [channels, height, width] from dataset.json or the config");
    }
    return new DatasetExpectations(imageShape, actionSize);
  }
}
