package io.sparkrl.spark.cli.dataset;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import io.sparkrl.datasets.parquet.QuarantineParquetWriter;
import io.sparkrl.datasets.validation.DatasetExpectations;
import io.sparkrl.datasets.validation.DatasetValidator;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.datasets.validation.ValidationReport;
import io.sparkrl.datasets.validation.ValidationRule;
import io.sparkrl.spark.cli.ExitCodes;
import io.sparkrl.spark.cli.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import picocli.CommandLine;

/**
 * Rows → validation → (optionally) a new Parquet dataset and a quarantine folder; prints the
 * report. In strict mode an invalid input leaves no half-written output behind.
 */
final class ValidatedCopy {

  static final long ROWS_PER_FILE = 1_000_000;

  private final String sourceName;
  private final DatasetExpectations exp;
  private final ValidationMode mode;
  private final Path out;
  private final Path quarantine;
  private final boolean intEpisodeIds;
  private DatasetManifest written;

  ValidatedCopy(
      String sourceName,
      DatasetExpectations exp,
      ValidationMode mode,
      Path out,
      Path quarantine,
      boolean intEpisodeIds) {
    this.sourceName = sourceName;
    this.exp = exp;
    this.mode = mode;
    this.out = out;
    this.quarantine = quarantine;
    this.intEpisodeIds = intEpisodeIds;
  }

  /** The manifest of the written dataset, or null if nothing was written. */
  DatasetManifest written() {
    return written;
  }

  ValidationReport run(
      Iterator<EpisodeRow> rows,
      long expectedRows,
      String task,
      boolean showProgress,
      CommandLine.Model.CommandSpec spec)
      throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    if (exp == null) {
      ValidationReport empty = emptyReport();
      print(empty, spec);
      return empty;
    }
    Path stagedOut = out == null ? null : StagedOutput.prepare(out);
    Path stagedQuarantine = quarantine == null ? null : StagedOutput.prepare(quarantine);
    ValidationReport report;
    EpisodeParquetWriter writer = null;
    try {
      writer =
          stagedOut == null
              ? null
              : EpisodeParquetWriter.create(
                  stagedOut, exp.shape(), exp.actionSize(), intEpisodeIds, ROWS_PER_FILE);
      try (EpisodeParquetWriter accepted = writer;
          QuarantineParquetWriter rejected =
              stagedQuarantine == null
                  ? null
                  : QuarantineParquetWriter.create(stagedQuarantine, ROWS_PER_FILE);
          Progress progress = Progress.start(task, expectedRows, "rows", showProgress)) {
        report =
            DatasetValidator.validate(
                new CountingRows(rows, progress::stepBy, 10_000),
                sourceName,
                exp,
                mode,
                accepted,
                rejected);
      }
    } catch (Exception | Error e) {
      StagedOutput.discard(stagedOut);
      StagedOutput.discard(stagedQuarantine);
      throw e;
    }
    if (mode == ValidationMode.STRICT && !report.ok()) {
      StagedOutput.discard(stagedOut);
      if (out != null) {
        stdout.println("nothing written to " + out + ": the input is invalid (strict mode)");
      }
    } else {
      StagedOutput.publish(stagedOut, out);
      StagedOutput.publish(stagedQuarantine, quarantine);
      if (writer != null) {
        written = writer.manifest();
      }
    }
    print(report, spec);
    return report;
  }

  /** 0 if valid; in quarantine mode also 0 when some episodes were kept; else 2 (invalid input). */
  static int exitCode(ValidationReport report, boolean quarantineMode) {
    return report.ok() || (quarantineMode && report.episodesAccepted() > 0)
        ? ExitCodes.OK
        : ExitCodes.INVALID_INPUT;
  }

  private ValidationReport emptyReport() {
    ValidationError error =
        new ValidationError(
            sourceName, null, null, null, ValidationRule.EMPTY_DATASET, "the dataset has no rows");
    return new ValidationReport(0, 0, 0, 0, 0, 0, 1, java.util.List.of(error));
  }

  private void print(ValidationReport r, CommandLine.Model.CommandSpec spec) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.printf(
        "episodes: %d read, %d accepted, %d rejected%n",
        r.episodesRead(), r.episodesAccepted(), r.episodesRejected());
    out.printf(
        "rows:     %d read, %d accepted, %d rejected%n",
        r.rowsRead(), r.rowsAccepted(), r.rowsRejected());
    if (!r.ok()) {
      err.printf(
          "%d error%s%s:%n",
          r.errorCount(),
          r.errorCount() == 1 ? "" : "s",
          r.errorCount() > r.firstErrors().size() ? ", the first " + r.firstErrors().size() : "");
      for (ValidationError e : r.firstErrors()) {
        err.println("  " + e + "  [" + e.rule().description() + "]");
      }
    }
    if (quarantine != null && r.episodesRejected() > 0) {
      out.println("quarantined " + r.episodesRejected() + " episodes to " + quarantine);
    }
    if (written != null) {
      out.println(
          "wrote " + written.episodes() + " episodes (" + written.rows() + " rows) to " + this.out);
    }
    out.flush();
    err.flush();
  }
}
