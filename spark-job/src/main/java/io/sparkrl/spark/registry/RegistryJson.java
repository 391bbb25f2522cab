package io.sparkrl.spark.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry's JSON documents: a version's {@code _COMMITTED} manifest, {@code CHAMPION}, a
 * {@code history.jsonl} line and the {@code _LOCK} file (layouts in docs/design.md §3.6). A missing
 * or mistyped field throws {@link IllegalArgumentException} naming the field and the file.
 */
final class RegistryJson {

  /** The {@code format_version} of the manifest and CHAMPION; the newest this code reads. */
  static final int FORMAT_VERSION = 1;

  static final ObjectMapper MAPPER = new ObjectMapper();

  private RegistryJson() {}

  static byte[] bytes(ObjectNode node) {
    return (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode parse(byte[] content, String where) {
    try {
      JsonNode node = MAPPER.readTree(new String(content, StandardCharsets.UTF_8));
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(where + ": expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  static byte[] manifest(RegistryVersion v) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("name", v.name());
    root.put("version", v.version());
    root.put("created", v.created().toString());
    root.put("source_run", v.sourceRun());
    root.put("idempotency_key", v.idempotencyKey());
    v.files().forEach(root.putArray("files")::add);
    return bytes(root);
  }

  static RegistryVersion readManifest(byte[] content, String directory, String where) {
    JsonNode root = parse(content, where);
    checkFormat(root, where);
    List<String> files = new ArrayList<>();
    JsonNode list = root.get("files");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(where + ": 'files' must be an array");
    }
    list.forEach(f -> files.add(f.asText()));
    return new RegistryVersion(
        text(root, "name", where),
        integer(root, "version", where),
        directory,
        instant(root, "created", where),
        text(root, "source_run", where),
        optionalText(root, "idempotency_key"),
        files);
  }

  static byte[] champion(int version, Instant since) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("version", version);
    root.put("since", since.toString());
    return bytes(root);
  }

  static int readChampion(byte[] content, String where) {
    JsonNode root = parse(content, where);
    checkFormat(root, where);
    return integer(root, "version", where);
  }

  static String decisionLine(RegistryDecision d) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("time", d.time().toString());
    root.put("action", d.action().jsonName());
    root.put("version", d.version());
    root.put("champion", d.champion());
    root.put("reason", d.reason());
    root.set("evaluation", d.evaluation());
    root.put("idempotency_key", d.idempotencyKey());
    return root + "\n";
  }

  static RegistryDecision readDecision(String line, String where) {
    JsonNode root = parse(line.getBytes(StandardCharsets.UTF_8), where);
    JsonNode evaluation = root.get("evaluation");
    return new RegistryDecision(
        instant(root, "time", where),
        RegistryDecision.Action.fromJsonName(text(root, "action", where)),
        optionalInteger(root, "version", where),
        optionalInteger(root, "champion", where),
        optionalText(root, "reason"),
        evaluation == null || evaluation.isNull() ? null : evaluation,
        optionalText(root, "idempotency_key"));
  }

  private static void checkFormat(JsonNode root, String where) {
    int format = integer(root, "format_version", where);
    if (format > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          where
              + ": format_version "
              + format
              + " is newer than this sparkrl reads ("
              + FORMAT_VERSION
              + "); upgrade sparkrl");
    }
  }

  static String text(JsonNode root, String field, String where) {
    JsonNode v = root.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(where + ": '" + field + "' must be a string");
    }
    return v.asText();
  }

  static String optionalText(JsonNode root, String field) {
    JsonNode v = root.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static int integer(JsonNode root, String field, String where) {
    JsonNode v = root.get(field);
    if (v == null || !v.isInt()) {
      throw new IllegalArgumentException(where + ": '" + field + "' must be an integer");
    }
    return v.asInt();
  }

  private static Integer optionalInteger(JsonNode root, String field, String where) {
    JsonNode v = root.get(field);
    return v == null || v.isNull() ? null : integer(root, field, where);
  }

  static Instant instant(JsonNode root, String field, String where) {
    String s = text(root, field, where);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(where + ": '" + field + "' is not an instant: " + s, e);
    }
  }
}
