package io.sparkrl.spark.cli.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.spark.registry.ModelRegistry;
import io.sparkrl.spark.registry.RegistryDecision;
import io.sparkrl.spark.registry.RegistryVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** How the registry commands show versions, evaluations and decisions, as text and as JSON. */
final class RegistryViews {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private RegistryViews() {}

  /** A version's {@code evaluation.json}, or null if it has none or it is not a JSON object. */
  static JsonNode evaluation(ModelRegistry registry, RegistryVersion v) throws IOException {
    if (!v.files().contains(ModelRegistry.EVALUATION_FILE)) {
      return null;
    }
    byte[] bytes =
        registry.storage().read(v.file(registry.storage(), ModelRegistry.EVALUATION_FILE));
    try {
      JsonNode node = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * The estimate an evaluation records: the gate's estimator and the challenger's value for a
   * retrain's evaluation, else the first estimate of a plain {@code sparkrl evaluate --json}.
   *
   * @return {"estimator": …, "value": …}, or null if none is recorded
   */
  static ObjectNode estimate(JsonNode evaluation) {
    if (evaluation == null) {
      return null;
    }
    JsonNode gate = evaluation.path("gate");
    JsonNode value = gate.path("figures").path("challenger_value");
    if (gate.path("estimator").isTextual() && value.isNumber()) {
      return estimate(gate.get("estimator").asText(), value.asDouble());
    }
    JsonNode estimates = evaluation.path("estimates");
    if (estimates.isObject() && estimates.size() > 0) {
      Iterator<Map.Entry<String, JsonNode>> first = estimates.fields();
      Map.Entry<String, JsonNode> e = first.next();
      if (e.getValue().path("value").isNumber()) {
        return estimate(e.getKey(), e.getValue().get("value").asDouble());
      }
    }
    return null;
  }

  private static ObjectNode estimate(String estimator, double value) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("estimator", estimator);
    node.put("value", value);
    return node;
  }

  /** "dr 1.2345", or "-". */
  static String estimateText(ObjectNode estimate) {
    return estimate == null
        ? "-"
        : String.format(
            Locale.ROOT,
            "%s %.4f",
            estimate.get("estimator").asText(),
            estimate.get("value").asDouble());
  }

  static ObjectNode decisionJson(RegistryDecision d) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("time", d.time().toString());
    node.put("action", d.action().jsonName());
    node.put("version", d.version());
    node.put("champion", d.champion());
    node.put("reason", d.reason());
    node.set("evaluation", d.evaluation());
    node.put("idempotency_key", d.idempotencyKey());
    return node;
  }

  /** One history line: time, action, version, champion afterwards, reason. */
  static String decisionText(RegistryDecision d) {
    return String.format(
        Locale.ROOT,
        "%-24s %-8s %-6s champion %-6s %s",
        d.time(),
        d.action().jsonName(),
        d.version() == null ? "-" : "v" + d.version(),
        d.champion() == null ? "none" : "v" + d.champion(),
        d.reason() == null ? "" : d.reason());
  }

  static String orDash(String s) {
    return s == null ? "-" : s;
  }
}
