package io.sparkrl.spark.cli.dataset;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.validation.DatasetExpectations;
import io.sparkrl.datasets.validation.ExpectationsAccumulator;
import java.util.Iterator;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Where a dataset's observation shape, action count and episode-id type come from: the options,
 * else its {@code dataset.json} (whose id type {@link
 * io.sparkrl.datasets.parquet.EpisodeParquetReader#manifest()} takes from the part files when the
 * manifest omits it), else a first pass over the rows (vector length, max action + 1, whether every
 * id is a canonical integer).
 */
final class ExpectationsOptions {

  private static final Pattern CANONICAL_LONG = Pattern.compile("0|-?[1-9][0-9]{0,17}");

  /** What the first pass or the manifest found; {@code exp} is null for an empty input. */
  record Resolved(DatasetExpectations exp, boolean intEpisodeIds) {}

  @Option(
      names = "--action-size",
      description = "Number of actions (default: from dataset.json, else max action + 1).")
  Integer actionSize;

  @Option(
      names = "--image-shape",
      split = ",",
      description = "C,H,W of image observations when there is no dataset.json.")
  int[] imageShape;

  /**
   * @param sourceShape the shape the source itself records (an HDF5 file), or null
   * @param firstPass opens the rows for one pass; closed afterwards if it is AutoCloseable
   */
  Resolved resolve(
      DatasetManifest manifest,
      ObservationShape sourceShape,
      Supplier<Iterator<EpisodeRow>> firstPass)
      throws Exception {
    ObservationShape configured = configuredShape();
    if (manifest != null) {
      if (configured != null && !configured.equals(manifest.observationShape())) {
        throw new IllegalArgumentException(
            "--image-shape "
                + configured
                + " disagrees with dataset.json's observation_shape "
                + manifest.observationShape());
      }
      return new Resolved(
          new DatasetExpectations(
              manifest.observationShape(), actionSize != null ? actionSize : manifest.actionSize()),
          DatasetManifest.ID_INT64.equals(manifest.episodeIdType()));
    }
    ObservationShape shape = configured != null ? configured : sourceShape;
    ExpectationsAccumulator acc = new ExpectationsAccumulator();
    boolean intIds = true;
    Iterator<EpisodeRow> rows = firstPass.get();
    try {
      while (rows.hasNext()) {
        EpisodeRow row = rows.next();
        acc.add(row);
        intIds = intIds && CANONICAL_LONG.matcher(row.episodeId()).matches();
      }
    } finally {
      if (rows instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
    if (acc.rowCount() == 0) {
      return new Resolved(null, intIds);
    }
    DatasetExpectations inferred = acc.result(shape != null && shape.isImage() ? shape : null);
    return new Resolved(
        actionSize == null ? inferred : new DatasetExpectations(inferred.shape(), actionSize),
        intIds);
  }

  private ObservationShape configuredShape() {
    if (imageShape == null) {
      return null;
    }
    if (imageShape.length != 3) {
      throw new IllegalArgumentException(
          "--image-shape: expected C,H,W, got " + imageShape.length + " numbers");
    }
    return ObservationShape.image(imageShape[0], imageShape[1], imageShape[2]);
  }
}
