package io.sparkrl.spark.cli.dataset;

import io.sparkrl.datasets.imports.CsvEpisodeImporter;
import io.sparkrl.datasets.imports.D3rlpyHdf5Importer;
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
 * {@code sparkrl dataset import --from d3rlpy-h5|csv SRC --out DIR}: converts to the Parquet
 * episode format through the same validation as every other input.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Import a d3rlpy MDPDataset HDF5 file or a CSV file as a Parquet episode dataset.")
final class DatasetImportCommand implements Callable<Integer> {

  enum Format {
    D3RLPY_H5("d3rlpy-h5"),
    CSV("csv");

    private final String label;

    Format(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** Accepts the lower-case names shown in the help. */
  static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      for (Format f : Format.values()) {
        if (f.label.equals(value)) {
          return f;
        }
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not one of d3rlpy-h5, csv");
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--from",
      required = true,
      converter = FormatConverter.class,
      description = "Input format: d3rlpy-h5 or csv.")
  Format format;

  @Parameters(index = "0", paramLabel = "SRC", description = "The file to import.")
  Path source;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output dataset.")
  Path out;

  @Option(
      names = "--quarantine",
      paramLabel = "QDIR",
      description = "Write invalid episodes with their reasons here and import the rest.")
  Path quarantine;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Mixin ExpectationsOptions expectations = new ExpectationsOptions();

  @Override
  public Integer call() throws Exception {
    ValidationReport report;
    if (format == Format.D3RLPY_H5) {
      try (D3rlpyHdf5Importer h5 = D3rlpyHdf5Importer.open(source)) {
        ExpectationsOptions.Resolved resolved =
            expectations.resolve(null, h5.observationShape(), h5::rows);
        spec.commandLine().getOut().println(h5.report().summary());
        report = copy(resolved).run(h5.rows(), h5.report().rows(), "import", !quiet, spec);
      }
    } else {
      ExpectationsOptions.Resolved resolved;
      try (CsvEpisodeImporter pass = CsvEpisodeImporter.open(source)) {
        resolved = expectations.resolve(null, null, pass::rows);
      }
      try (CsvEpisodeImporter csv = CsvEpisodeImporter.open(source)) {
        report = copy(resolved).run(csv.rows(), -1, "import", !quiet, spec);
      }
    }
    return ValidatedCopy.exitCode(report, quarantine != null);
  }

  private ValidatedCopy copy(ExpectationsOptions.Resolved resolved) {
    return new ValidatedCopy(
        source.toString(),
        resolved.exp(),
        quarantine == null ? ValidationMode.STRICT : ValidationMode.QUARANTINE,
        out,
        quarantine,
        resolved.intEpisodeIds());
  }
}
