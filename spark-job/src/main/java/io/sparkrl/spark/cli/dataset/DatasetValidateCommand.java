package io.sparkrl.spark.cli.dataset;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.parquet.EpisodeParquetReader;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.datasets.validation.ValidationReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sparkrl dataset validate DIR [--quarantine QDIR] [--out CLEAN]}: checks every rule of
 * docs/design.md §2.4. Strict (default): exit 2 if anything is invalid, listing the first errors
 * and the count. Quarantine: rejected episodes go to QDIR with their reasons, and the counts always
 * add up.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check a Parquet episode dataset; optionally quarantine the invalid episodes.")
final class DatasetValidateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The dataset directory or file.")
  Path dataset;

  @Option(
      names = "--quarantine",
      paramLabel = "QDIR",
      description = "Quarantine mode: write each rejected episode with its reason here.")
  Path quarantine;

  @Option(
      names = "--out",
      paramLabel = "CLEAN",
      description = "Also write the accepted episodes as a new dataset here.")
  Path out;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Mixin ExpectationsOptions expectations = new ExpectationsOptions();

  @Override
  public Integer call() throws Exception {
    DatasetManifest manifest;
    try (EpisodeParquetReader probe = EpisodeParquetReader.open(dataset)) {
      manifest = probe.manifest();
    }
    ExpectationsOptions.Resolved resolved =
        expectations.resolve(manifest, null, () -> EpisodeParquetReader.open(dataset));
    ValidatedCopy copy =
        new ValidatedCopy(
            dataset.toString(),
            resolved.exp(),
            quarantine == null ? ValidationMode.STRICT : ValidationMode.QUARANTINE,
            out,
            quarantine,
            resolved.intEpisodeIds());
    // The row count only sizes the progress bar; -1 (unknown) when the manifest lacks it.
    long expectedRows = manifest != null && manifest.rows() != null ? manifest.rows() : -1;
    ValidationReport report;
    try (EpisodeParquetReader rows = EpisodeParquetReader.open(dataset)) {
      report = copy.run(rows, expectedRows, "validate", !quiet, spec);
    }
    return ValidatedCopy.exitCode(report, quarantine != null);
  }
}
