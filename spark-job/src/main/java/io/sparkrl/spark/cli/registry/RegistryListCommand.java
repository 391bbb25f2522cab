package io.sparkrl.spark.cli.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.spark.cli.ExitCodes;
import io.sparkrl.spark.registry.ModelRegistry;
import io.sparkrl.spark.registry.RegistryVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sparkrl registry list [NAME]}: the models with their champions, or one model's versions
 * (created, champion marker, recorded estimate, idempotency key).
 */
@Command(
    name = "list",
    description = "List the models and their champions, or the versions of one model.")
final class RegistryListCommand extends RegistrySubcommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A model's name.")
  String name;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  int run(ModelRegistry registry, PrintWriter out) throws IOException {
    ObjectNode root = RegistryViews.MAPPER.createObjectNode();
    root.put("registry", registry.root());
    if (name == null) {
      ArrayNode models = root.putArray("models");
      for (String model : registry.list()) {
        ObjectNode m = models.addObject();
        m.put("name", model);
        m.put("champion", registry.champion(model).map(RegistryVersion::version).orElse(null));
        m.put("versions", registry.versions(model).size());
      }
      print(root, json ? null : models(root), out);
      return ExitCodes.OK;
    }
    List<RegistryVersion> versions = registry.versions(name);
    Integer champion = registry.champion(name).map(RegistryVersion::version).orElse(null);
    root.put("name", name);
    root.put("champion", champion);
    ArrayNode list = root.putArray("versions");
    for (RegistryVersion v : versions) {
      ObjectNode n = list.addObject();
      n.put("version", v.version());
      n.put("created", v.created().toString());
      n.put("champion", champion != null && champion == v.version());
      n.set("estimate", RegistryViews.estimate(RegistryViews.evaluation(registry, v)));
      n.put("idempotency_key", v.idempotencyKey());
    }
    print(root, json ? null : versions(root), out);
    return ExitCodes.OK;
  }

  private void print(ObjectNode root, String table, PrintWriter out) {
    out.println(redact(table == null ? root.toString() : table));
  }

  private static String models(ObjectNode root) {
    StringBuilder s = new StringBuilder();
    s.append("registry: ").append(root.get("registry").asText()).append('\n');
    if (root.get("models").isEmpty()) {
      return s.append("no models").toString();
    }
    s.append(String.format(Locale.ROOT, "%-32s %-9s %s%n", "NAME", "CHAMPION", "VERSIONS"));
    root.get("models")
        .forEach(
            m ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "%-32s %-9s %d%n",
                        m.get("name").asText(),
                        m.get("champion").isNull() ? "none" : "v" + m.get("champion").asInt(),
                        m.get("versions").asInt())));
    return s.toString().stripTrailing();
  }

  private static String versions(ObjectNode root) {
    StringBuilder s = new StringBuilder();
    s.append("model:    ").append(root.get("name").asText()).append('\n');
    s.append("champion: ")
        .append(root.get("champion").isNull() ? "none" : "v" + root.get("champion").asInt())
        .append('\n');
    s.append(
        String.format(
            Locale.ROOT,
            "%-8s %-31s %-9s %-18s %s%n",
            "VERSION",
            "CREATED",
            "CHAMPION",
            "ESTIMATE",
            "IDEMPOTENCY KEY"));
    root.get("versions")
        .forEach(
            v ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "%-8s %-31s %-9s %-18s %s%n",
                        "v" + v.get("version").asInt(),
                        v.get("created").asText(),
                        v.get("champion").asBoolean() ? "*" : "",
                        RegistryViews.estimateText(
                            v.get("estimate").isNull() ? null : (ObjectNode) v.get("estimate")),
                        RegistryViews.orDash(
                            v.get("idempotency_key").isNull()
                                ? null
                                : v.get("idempotency_key").asText()))));
    return s.toString().stripTrailing();
  }
}
