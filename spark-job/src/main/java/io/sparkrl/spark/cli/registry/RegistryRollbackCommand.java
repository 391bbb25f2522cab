package io.sparkrl.spark.cli.registry;

import io.sparkrl.spark.cli.ExitCodes;
import io.sparkrl.spark.registry.ModelRegistry;
import io.sparkrl.spark.registry.RegistryVersion;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkrl registry rollback NAME}: restores the champion before the current one. */
@Command(
    name = "rollback",
    description = "Restore the previous champion (recorded in the history).")
final class RegistryRollbackCommand extends RegistrySubcommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The model's name.")
  String name;

  @Option(names = "--reason", description = "Why, for the history.")
  String reason;

  @Override
  int run(ModelRegistry registry, PrintWriter out) throws IOException {
    String before = registry.champion(name).map(v -> "v" + v.version()).orElse("none");
    RegistryVersion v = registry.rollback(name, reason);
    out.println(
        redact("rolled back: " + name + " v" + v.version() + " (champion was " + before + ")"));
    return ExitCodes.OK;
  }
}
