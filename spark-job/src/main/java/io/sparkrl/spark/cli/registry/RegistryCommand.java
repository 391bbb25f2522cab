package io.sparkrl.spark.cli.registry;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sparkrl registry ...}: inspect and change a model registry (no Spark). */
@Command(
    name = "registry",
    description = "List, show, promote, roll back and unlock registered models.",
    mixinStandardHelpOptions = true,
    subcommands = {
      RegistryListCommand.class,
      RegistryShowCommand.class,
      RegistryPromoteCommand.class,
      RegistryRollbackCommand.class,
      RegistryBreakLockCommand.class
    })
public final class RegistryCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
