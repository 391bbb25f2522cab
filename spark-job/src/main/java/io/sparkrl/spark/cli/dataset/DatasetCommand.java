package io.sparkrl.spark.cli.dataset;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sparkrl dataset ...}: make, check, import and describe episode datasets (no Spark). */
@Command(
    name = "dataset",
    description = "Generate, validate, import and describe Parquet episode datasets.",
    mixinStandardHelpOptions = true,
    subcommands = {
      DatasetGenerateCommand.class,
      DatasetValidateCommand.class,
      DatasetImportCommand.class,
      DatasetStatsCommand.class
    })
public final class DatasetCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
