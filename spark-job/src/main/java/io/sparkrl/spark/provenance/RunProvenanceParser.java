package io.sparkrl.spark.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.config.AwrConfigParser;
import io.sparkrl.core.config.AwrParamsFile;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of {@link RunProvenance}, the {@code run.json} of a run directory:
 *
 * <pre>{@code
 * {"format_version": 1, "sparkrl_version": "0.1.0", "status": "SUCCEEDED", "error": null,
 *  "start_time": "2024-05-01T10:00:00Z", "end_time": "2024-05-01T10:42:13.5Z",
 *  "dataset": {"location": "hdfs://nn/data/cartpole", "fingerprint": "sha256:…",
 *              "partitions": [{"name": "date=2026-12-01",
 *                              "location": "hdfs://nn/data/cartpole/date=2026-12-01",
 *                              "fingerprint": "sha256:…"}]},
 *  "config": {…params.json…}, "job": {"workers": "2", …},
 *  "spark": {"app_id": "…", "master": "yarn", "properties": {"spark.executor.memory": "4g", …}},
 *  "validation": {"episodes_accepted": 1990, "episodes_rejected": 10, "rows_accepted": 61234,
 *                 "rows_rejected": 301, "quarantine_path": "hdfs://nn/out/quarantine"},
 *  "tasks_per_executor": {"0": 812, "1": 790}}
 * }</pre>
 *
 * Times are ISO-8601 instants in UTC; {@code validation} is null before validation. The reader
 * refuses a {@code format_version} newer than {@link #FORMAT_VERSION}; a missing or mistyped field
 * throws {@link IllegalArgumentException} naming it.
 */
public final class RunProvenanceParser {

  /** The {@code format_version} this class writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunProvenanceParser() {}

  /**
   * Writes a provenance record as JSON.
   *
   * @param p the record
   * @return the JSON document, ending with a newline
   */
  public static String toJson(RunProvenance p) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("sparkrl_version", p.sparkrlVersion());
    root.put("status", p.status().name());
    root.put("error", p.error());
    root.put("start_time", DateTimeFormatter.ISO_INSTANT.format(p.startTime()));
    root.put(
        "end_time", p.endTime() == null ? null : DateTimeFormatter.ISO_INSTANT.format(p.endTime()));
    ObjectNode dataset = root.putObject("dataset");
    dataset.put("location", p.datasetLocation());
    dataset.put("fingerprint", p.datasetFingerprint());
    var partitions = dataset.putArray("partitions");
    for (PartitionUsed u : p.partitions()) {
      ObjectNode n = partitions.addObject();
      n.put("name", u.name());
      n.put("location", u.location());
      n.put("fingerprint", u.fingerprint());
    }
    root.set("config", readTree(paramsJson(p.params())));
    root.set("job", MAPPER.valueToTree(p.jobSettings()));
    ObjectNode spark = root.putObject("spark");
    spark.put("app_id", p.spark().appId());
    spark.put("master", p.spark().master());
    spark.set("properties", MAPPER.valueToTree(p.spark().properties()));
    ValidationCounts v = p.validation();
    if (v == null) {
      root.putNull("validation");
    } else {
      ObjectNode counts = root.putObject("validation");
      counts.put("episodes_accepted", v.episodesAccepted());
      counts.put("episodes_rejected", v.episodesRejected());
      counts.put("rows_accepted", v.rowsAccepted());
      counts.put("rows_rejected", v.rowsRejected());
      counts.put("quarantine_path", v.quarantinePath());
    }
    root.set("tasks_per_executor", MAPPER.valueToTree(p.tasksPerExecutor()));
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write run.json", e);
    }
  }

  /**
   * Reads a provenance record.
   *
   * @param json a {@code run.json} document
   * @return the record
   * @throws IllegalArgumentException if the JSON is invalid, a field is missing or mistyped, or the
   *     format version is newer than this sparkrl reads
   */
  public static RunProvenance fromJson(String json) {
    JsonNode root = readTree(json);
    int version = required(root, "format_version").asInt();
    if (version > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "run.json format_version "
              + version
              + " is newer than this sparkrl reads ("
              + FORMAT_VERSION
              + "); use a newer sparkrl");
    }
    JsonNode dataset = required(root, "dataset");
    JsonNode spark = required(root, "spark");
    JsonNode v = root.path("validation");
    ValidationCounts counts =
        v.isMissingNode() || v.isNull()
            ? null
            : new ValidationCounts(
                required(v, "episodes_accepted").asLong(),
                required(v, "episodes_rejected").asLong(),
                required(v, "rows_accepted").asLong(),
                required(v, "rows_rejected").asLong(),
                optionalText(v, "quarantine_path"));
    AwrParamsFile params;
    try {
      params = AwrConfigParser.readParams(required(root, "config").toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("run.json config: " + e.getMessage(), e);
    }
    try {
      return new RunProvenance(
          text(root, "sparkrl_version"),
          text(dataset, "location"),
          text(dataset, "fingerprint"),
          params,
          stringMap(root, "job"),
          new SparkSettings(
              text(spark, "app_id"), text(spark, "master"), stringMap(spark, "properties")),
          instant(root, "start_time"),
          root.path("end_time").isNull() ? null : instant(root, "end_time"),
          RunStatus.valueOf(text(root, "status")),
          optionalText(root, "error"),
          counts,
          taskCounts(root),
          partitions(dataset));
    } catch (NullPointerException | DateTimeParseException e) {
      throw new IllegalArgumentException("run.json: " + e.getMessage(), e);
    }
  }

  private static String paramsJson(AwrParamsFile params) {
    return params.observationShape() != null && params.actionSize() != null
        ? AwrConfigParser.toParamsJson(
            params.config(), params.observationShape(), params.actionSize())
        : AwrConfigParser.toJson(params.config());
  }

  private static JsonNode readTree(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("run.json must be a JSON object, got " + node);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("run.json: invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode required(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("run.json: '" + key + "' is missing");
    }
    return v;
  }

  private static String text(JsonNode node, String key) {
    JsonNode v = required(node, key);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("run.json: '" + key + "' must be a string, got " + v);
    }
    return v.textValue();
  }

  private static String optionalText(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : text(node, key);
  }

  private static Instant instant(JsonNode node, String key) {
    return Instant.parse(text(node, key));
  }

  private static List<PartitionUsed> partitions(JsonNode dataset) {
    JsonNode v = dataset.path("partitions");
    List<PartitionUsed> list = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode n : v) {
        list.add(new PartitionUsed(text(n, "name"), text(n, "location"), text(n, "fingerprint")));
      }
    }
    return list;
  }

  private static Map<String, Long> taskCounts(JsonNode root) {
    JsonNode v = root.path("tasks_per_executor");
    Map<String, Long> map = new TreeMap<>();
    if (v.isObject()) {
      v.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asLong()));
    }
    return map;
  }

  private static Map<String, String> stringMap(JsonNode node, String key) {
    JsonNode v = required(node, key);
    if (!v.isObject()) {
      throw new IllegalArgumentException("run.json: '" + key + "' must be an object, got " + v);
    }
    Map<String, String> map = new TreeMap<>();
    v.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }
}
