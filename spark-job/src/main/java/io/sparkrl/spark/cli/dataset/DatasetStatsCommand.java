package io.sparkrl.spark.cli.dataset;

import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.DatasetStatistics;
import io.sparkrl.datasets.EpisodeSink;
import io.sparkrl.datasets.parquet.EpisodeParquetReader;
import io.sparkrl.datasets.validation.DatasetExpectations;
import io.sparkrl.datasets.validation.DatasetValidator;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.datasets.validation.ValidationReport;
import io.sparkrl.spark.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sparkrl dataset stats DIR}: episodes, transitions, returns, action histogram and
 * observation statistics — from {@code dataset.json} when it holds them all, else computed from the
 * rows (validated in strict mode) with the manifest's shape and action count.
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = "Describe a Parquet episode dataset.")
final class DatasetStatsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The dataset directory or file.")
  Path dataset;

  @Option(names = "--recompute", description = "Read every row even if dataset.json exists.")
  boolean recompute;

  @Mixin ExpectationsOptions expectations = new ExpectationsOptions();

  @Override
  public Integer call() throws Exception {
    DatasetManifest manifest;
    try (EpisodeParquetReader probe = EpisodeParquetReader.open(dataset)) {
      manifest = probe.manifest();
    }
    if (manifest == null || recompute || !manifest.isComplete()) {
      DatasetExpectations exp =
          expectations.resolve(manifest, null, () -> EpisodeParquetReader.open(dataset)).exp();
      if (exp == null) {
        spec.commandLine().getErr().println("sparkrl: " + dataset + ": the dataset has no rows");
        return ExitCodes.INVALID_INPUT;
      }
      DatasetStatistics stats = new DatasetStatistics(exp.shape(), exp.actionSize());
      EpisodeSink collect = EpisodeSink.of(stats::add);
      ValidationReport report;
      try (EpisodeParquetReader rows = EpisodeParquetReader.open(dataset)) {
        report =
            DatasetValidator.validate(
                rows, dataset.toString(), exp, ValidationMode.STRICT, collect, null);
      }
      if (!report.ok()) {
        spec.commandLine().getErr().println("sparkrl: invalid dataset: " + report.summary());
        return ExitCodes.INVALID_INPUT;
      }
      String idType = manifest == null ? DatasetManifest.ID_STRING : manifest.episodeIdType();
      manifest = stats.toManifest(idType);
    }
    print(manifest, spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  /** Prints a manifest whose counts are known ({@link DatasetManifest#isComplete()}). */
  static void print(DatasetManifest m, PrintWriter out) {
    out.printf(
        Locale.ROOT, "dataset:      %s%n", m.observationShape().isImage() ? "images" : "vectors");
    out.printf(
        Locale.ROOT, "observation:  shape %s, %s%n", m.observationShape(), m.observationDtype());
    out.printf(Locale.ROOT, "actions:      %d%n", m.actionSize());
    out.printf(Locale.ROOT, "episodes:     %d%n", m.episodes());
    out.printf(Locale.ROOT, "rows:         %d%n", m.rows());
    out.printf(Locale.ROOT, "transitions:  %d%n", m.transitions());
    if (m.returnStatistics() != null) {
      var r = m.returnStatistics();
      out.printf(
          Locale.ROOT,
          "return:       mean %.3f, std %.3f, min %.3f, max %.3f%n",
          r.mean(),
          r.std(),
          r.min(),
          r.max());
    }
    List<Long> counts = m.actionCounts();
    long total = counts.stream().mapToLong(Long::longValue).sum();
    out.println("action histogram (transitions):");
    for (int a = 0; a < counts.size(); a++) {
      out.printf(
          Locale.ROOT,
          "  %3d: %10d  %5.1f%%%n",
          a,
          counts.get(a),
          total == 0 ? 0.0 : 100.0 * counts.get(a) / total);
    }
    if (m.observationStatistics() != null) {
      var o = m.observationStatistics();
      out.println("observation statistics:");
      out.printf(
          Locale.ROOT, "  %-8s %12s %12s %12s %12s%n", "feature", "mean", "std", "min", "max");
      for (int i = 0; i < o.mean().size(); i++) {
        out.printf(
            Locale.ROOT,
            "  %-8s %12.5f %12.5f %12.5f %12.5f%n",
            m.observationShape().isImage() ? "pixels" : String.valueOf(i),
            o.mean().get(i),
            o.std().get(i),
            o.min().get(i),
            o.max().get(i));
      }
    }
    out.flush();
  }
}
