package io.sparkrl.cli.dataset;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.validation.DatasetExpectations;
import io.sparkrl.datasets.validation.ExpectationsAccumulator;
import java.util.Iterator;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Where a dataset's observation shape and action count come from: the options, else its {@code
 * dataset.json}, else a first pass over the rows (vector length, max action + 1).
 */
final class ExpectationsOptions {

  @Option(
      names = "--action-size",
      description = "Number of actions (default: from dataset.json, else max action + 1).")
  Integer actionSize;

  @Option(
      names = "--image-shape",
      split = ",",
      description = "C,H,W of image observations when there is no dataset.json.")
  int[] imageShape;

  DatasetExpectations resolve(DatasetManifest manifest, Supplier<Iterator<EpisodeRow>> firstPass) {
    ObservationShape configured =
        imageShape == null
            ? null
            : ObservationShape.image(imageShape[0], imageShape[1], imageShape[2]);
    if (imageShape != null && imageShape.length != 3) {
      throw new IllegalArgumentException("--image-shape: expected C,H,W");
    }
    if (manifest != null) {
      ObservationShape shape = configured != null ? configured : manifest.observationShape();
      return new DatasetExpectations(
          shape, actionSize != null ? actionSize : manifest.actionSize());
    }
    ExpectationsAccumulator acc = new ExpectationsAccumulator();
    Iterator<EpisodeRow> rows = firstPass.get();
    while (rows.hasNext()) {
      acc.add(rows.next());
    }
    if (acc.rowCount() == 0) {
      return null;
    }
    DatasetExpectations inferred = acc.result(configured);
    return actionSize == null ? inferred : new DatasetExpectations(inferred.shape(), actionSize);
  }
}
