package io.sparkrl.spark.cli;

import io.sparkrl.core.SparkrlVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sparkrl} command: the same main class runs under {@code scripts/sparkrl} (embedded
 * Spark) and under {@code spark-submit}. Exit codes: 0 success, 2 invalid input, 1 other failure;
 * {@code retrain} adds 3 (champion kept); a held registry lock exits 4, see {@link ExitCodes}.
 */
@Command(
    name = "sparkrl",
    mixinStandardHelpOptions = true,
    versionProvider = SparkrlCli.Versions.class,
    description = "Distributed offline reinforcement learning (DiscreteAWR) on Apache Spark.",
    subcommands = {
      VersionCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      RetrainCommand.class,
      FitDynamicsCommand.class,
      io.sparkrl.spark.cli.dataset.DatasetCommand.class,
      io.sparkrl.spark.cli.registry.RegistryCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SparkrlCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests and embedding. */
  public static CommandLine commandLine() {
    return new CommandLine(new SparkrlCli()).setExecutionExceptionHandler(new ExitCodes.Handler());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code sparkrl --version}. */
  static final class Versions implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"sparkrl " + SparkrlVersion.sparkrl()};
    }
  }
}
