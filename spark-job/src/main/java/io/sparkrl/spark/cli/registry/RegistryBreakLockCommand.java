package io.sparkrl.spark.cli.registry;

import io.sparkrl.spark.cli.ExitCodes;
import io.sparkrl.spark.registry.ModelRegistry;
import io.sparkrl.spark.registry.RetrainLease;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sparkrl registry break-lock NAME}: removes a dead writer's {@code _LOCK} and a dead
 * retrain's {@code _RETRAIN} lease, saying what each held. Only for writers known to be dead.
 */
@Command(
    name = "break-lock",
    description = {
      "Remove the writer lock (_LOCK) and retrain lease (_RETRAIN) of a model left by a killed"
          + " process.",
      "Only when that process is known to be dead: two live writers would change the model at"
          + " once."
    })
final class RegistryBreakLockCommand extends RegistrySubcommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The model's name.")
  String name;

  @Override
  int run(ModelRegistry registry, PrintWriter out) throws IOException {
    Optional<String> lock = registry.breakLock(name);
    Optional<String> lease = RetrainLease.breakLease(registry, name);
    if (lock.isEmpty() && lease.isEmpty()) {
      out.println(
          "nothing was held: "
              + name
              + " has no writer lock (_LOCK) and no retrain lease (_RETRAIN)");
      return ExitCodes.OK;
    }
    out.println(
        redact(
            lock.map(h -> "removed writer lock: " + h).orElse("no writer lock (_LOCK) was held")));
    out.println(
        redact(
            lease
                .map(h -> "removed retrain lease: " + h)
                .orElse("no retrain lease (_RETRAIN) was held")));
    return ExitCodes.OK;
  }
}
