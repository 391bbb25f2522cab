package io.sparkrl.spark.cli.dataset;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeSink;
import io.sparkrl.datasets.parquet.EpisodeParquetReader;
import io.sparkrl.datasets.validation.DatasetValidator;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.datasets.validation.ValidationReport;
import io.sparkrl.spark.cli.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole Parquet episode dataset on the local file system, read and validated in this process (no
 * Spark) into memory: the shape and action count come from {@code dataset.json}, else from a first
 * pass over the rows, as for {@code sparkrl dataset validate}.
 */
public final class LocalEpisodes {

  private LocalEpisodes() {}

  /**
   * Reads every episode of {@code dataset} in strict mode.
   *
   * @throws ExitCodes.InvalidInputException if the dataset has no rows or an episode is invalid
   *     (the message is the validation summary)
   * @throws io.sparkrl.datasets.parquet.DatasetReadException if a file cannot be read
   */
  public static List<Episode> read(Path dataset) throws Exception {
    DatasetManifest manifest;
    try (EpisodeParquetReader probe = EpisodeParquetReader.open(dataset)) {
      manifest = probe.manifest();
    }
    ExpectationsOptions.Resolved resolved =
        new ExpectationsOptions().resolve(manifest, null, () -> EpisodeParquetReader.open(dataset));
    if (resolved.exp() == null) {
      throw new ExitCodes.InvalidInputException(dataset + ": the dataset has no rows");
    }
    List<Episode> episodes = new ArrayList<>();
    EpisodeSink collect = EpisodeSink.of(episodes::add);
    ValidationReport report;
    try (EpisodeParquetReader rows = EpisodeParquetReader.open(dataset)) {
      report =
          DatasetValidator.validate(
              rows, dataset.toString(), resolved.exp(), ValidationMode.STRICT, collect, null);
    }
    if (!report.ok()) {
      throw new ExitCodes.InvalidInputException("invalid dataset: " + report.summary());
    }
    return episodes;
  }
}
