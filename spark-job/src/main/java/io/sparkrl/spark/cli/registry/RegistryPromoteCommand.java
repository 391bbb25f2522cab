package io.sparkrl.spark.cli.registry;

import io.sparkrl.spark.cli.ExitCodes;
import io.sparkrl.spark.registry.ModelRegistry;
import io.sparkrl.spark.registry.RegistryVersion;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkrl registry promote NAME --version N}: makes a version the champion. */
@Command(name = "promote", description = "Make a version the champion (recorded in the history).")
final class RegistryPromoteCommand extends RegistrySubcommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The model's name.")
  String name;

  @Option(names = "--version", required = true, paramLabel = "N", description = "The version.")
  int version;

  @Option(names = "--reason", description = "Why, for the history.")
  String reason;

  @Override
  int run(ModelRegistry registry, PrintWriter out) throws IOException {
    String before = registry.champion(name).map(v -> "v" + v.version()).orElse("none");
    RegistryVersion v = registry.promote(name, version, reason);
    out.println(
        redact("promoted: " + name + " v" + v.version() + " (champion was " + before + ")"));
    return ExitCodes.OK;
  }
}
