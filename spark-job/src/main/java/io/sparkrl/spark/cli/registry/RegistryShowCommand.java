package io.sparkrl.spark.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.spark.cli.ExitCodes;
import io.sparkrl.spark.registry.ModelRegistry;
import io.sparkrl.spark.registry.RegistryDecision;
import io.sparkrl.spark.registry.RegistryVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sparkrl registry show NAME [--version N]}: one version's files, manifest and evaluation
 * (default: the champion), and the model's decision history.
 */
@Command(
    name = "show",
    description = "Show a version (default: the champion) and the model's decision history.")
final class RegistryShowCommand extends RegistrySubcommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The model's name.")
  String name;

  @Option(names = "--version", paramLabel = "N", description = "The version (default: champion).")
  Integer version;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  int run(ModelRegistry registry, PrintWriter out) throws IOException {
    Optional<RegistryVersion> champion = registry.champion(name);
    RegistryVersion v;
    if (version != null) {
      v = registry.version(name, version);
    } else {
      v =
          champion.orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "registry "
                          + registry.root()
                          + ": model "
                          + name
                          + " has no champion; pass --version N"));
    }
    boolean isChampion = champion.map(c -> c.version() == v.version()).orElse(false);
    JsonNode evaluation = RegistryViews.evaluation(registry, v);
    List<RegistryDecision> history = registry.history(name);
    if (json) {
      ObjectNode root = RegistryViews.MAPPER.createObjectNode();
      root.put("name", v.name());
      root.put("version", v.version());
      root.put("champion", isChampion);
      root.put("created", v.created().toString());
      root.put("source_run", v.sourceRun());
      root.put("idempotency_key", v.idempotencyKey());
      root.put("directory", v.directory());
      v.files().forEach(root.putArray("files")::add);
      root.set("estimate", RegistryViews.estimate(evaluation));
      root.set("evaluation", evaluation);
      ArrayNode decisions = root.putArray("history");
      history.forEach(d -> decisions.add(RegistryViews.decisionJson(d)));
      out.println(redact(root.toString()));
      return ExitCodes.OK;
    }
    StringBuilder s = new StringBuilder();
    s.append("model:     ").append(v.name()).append('\n');
    s.append("version:   v").append(v.version()).append(isChampion ? " (champion)" : "");
    s.append('\n');
    s.append("created:   ").append(v.created()).append('\n');
    s.append("source:    ").append(v.sourceRun()).append('\n');
    s.append("key:       ").append(RegistryViews.orDash(v.idempotencyKey())).append('\n');
    s.append("directory: ").append(v.directory()).append('\n');
    s.append("files:     ").append(String.join(", ", v.files())).append('\n');
    s.append("estimate:  ")
        .append(RegistryViews.estimateText(RegistryViews.estimate(evaluation)))
        .append('\n');
    s.append("history (").append(history.size()).append(" decisions):\n");
    history.forEach(d -> s.append("  ").append(RegistryViews.decisionText(d).strip()).append('\n'));
    out.println(redact(s.toString().stripTrailing()));
    return ExitCodes.OK;
  }
}
