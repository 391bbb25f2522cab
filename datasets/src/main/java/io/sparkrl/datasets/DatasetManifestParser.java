package io.sparkrl.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link DatasetManifest} into {@code dataset.json} and back. Keys are snake_case ({@code
 * schema_version}, {@code observation_shape}, …). Reading rejects unknown keys (naming the key), a
 * missing or mistyped key, and a {@code schema_version} newer than {@link
 * DatasetManifest#CURRENT_SCHEMA_VERSION}, each with an {@link IllegalArgumentException} whose
 * message names the key.
 */
public final class DatasetManifestParser {

  static final String SCHEMA_VERSION = "schema_version";
  static final String OBSERVATION_SHAPE = "observation_shape";
  static final String OBSERVATION_DTYPE = "observation_dtype";
  static final String ACTION_SIZE = "action_size";
  static final String EPISODE_ID_TYPE = "episode_id_type";
  static final String EPISODES = "episodes";
  static final String ROWS = "rows";
  static final String TRANSITIONS = "transitions";
  static final String OBSERVATION_STATISTICS = "observation_statistics";
  static final String RETURN_STATISTICS = "return_statistics";
  static final String ACTION_COUNTS = "action_counts";
  static final String MEAN = "mean";
  static final String STD = "std";
  static final String MIN = "min";
  static final String MAX = "max";

  private static final Set<String> KEYS =
      Set.of(
          SCHEMA_VERSION,
          OBSERVATION_SHAPE,
          OBSERVATION_DTYPE,
          ACTION_SIZE,
          EPISODE_ID_TYPE,
          EPISODES,
          ROWS,
          TRANSITIONS,
          OBSERVATION_STATISTICS,
          RETURN_STATISTICS,
          ACTION_COUNTS);
  private static final Set<String> STAT_KEYS = Set.of(MEAN, STD, MIN, MAX);

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DatasetManifestParser() {}

  /** The manifest as pretty-printed JSON. */
  public static String toJson(DatasetManifest manifest) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put(SCHEMA_VERSION, manifest.schemaVersion());
    ArrayNode shape = root.putArray(OBSERVATION_SHAPE);
    for (int d : manifest.observationShape().dims()) {
      shape.add(d);
    }
    root.put(OBSERVATION_DTYPE, manifest.observationDtype());
    root.put(ACTION_SIZE, manifest.actionSize());
    root.put(EPISODE_ID_TYPE, manifest.episodeIdType());
    root.put(EPISODES, manifest.episodes());
    root.put(ROWS, manifest.rows());
    root.put(TRANSITIONS, manifest.transitions());
    DatasetManifest.FeatureStatistics obs = manifest.observationStatistics();
    if (obs != null) {
      ObjectNode node = root.putObject(OBSERVATION_STATISTICS);
      putDoubles(node.putArray(MEAN), obs.mean());
      putDoubles(node.putArray(STD), obs.std());
      putDoubles(node.putArray(MIN), obs.min());
      putDoubles(node.putArray(MAX), obs.max());
    }
    DatasetManifest.ScalarStatistics ret = manifest.returnStatistics();
    if (ret != null) {
      ObjectNode node = root.putObject(RETURN_STATISTICS);
      node.put(MEAN, ret.mean());
      node.put(STD, ret.std());
      node.put(MIN, ret.min());
      node.put(MAX, ret.max());
    }
    ArrayNode counts = root.putArray(ACTION_COUNTS);
    manifest.actionCounts().forEach(counts::add);
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the dataset manifest", e);
    }
  }

  private static void putDoubles(ArrayNode array, List<Double> values) {
    values.forEach(array::add);
  }

  /**
   * Parses {@code dataset.json} text.
   *
   * @throws IllegalArgumentException if the JSON is malformed, a key is unknown, missing or
   *     mistyped, a value breaks a rule of {@link DatasetManifest}, or the schema version is newer
   *     than this code reads
   */
  public static DatasetManifest fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    rejectUnknownKeys(root, KEYS, "");
    int version = intValue(root, SCHEMA_VERSION);
    if (version > DatasetManifest.CURRENT_SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          SCHEMA_VERSION
              + " "
              + version
              + " is newer than the newest this version of sparkrl reads ("
              + DatasetManifest.CURRENT_SCHEMA_VERSION
              + "); upgrade sparkrl to read this dataset");
    }
    List<Long> shapeValues = longList(OBSERVATION_SHAPE, required(root, OBSERVATION_SHAPE));
    int[] dims = new int[shapeValues.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = Math.toIntExact(shapeValues.get(i));
    }
    return new DatasetManifest(
        version,
        new ObservationShape(dims),
        textValue(root, OBSERVATION_DTYPE),
        intValue(root, ACTION_SIZE),
        textValue(root, EPISODE_ID_TYPE),
        longValue(root, EPISODES),
        longValue(root, ROWS),
        longValue(root, TRANSITIONS),
        featureStatistics(root.get(OBSERVATION_STATISTICS)),
        scalarStatistics(root.get(RETURN_STATISTICS)),
        longList(ACTION_COUNTS, required(root, ACTION_COUNTS)));
  }

  /** Reads a manifest file; error messages start with the file's name. */
  public static DatasetManifest read(Path file) throws IOException {
    String json = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** Writes a manifest file atomically: to a hidden temporary name, then renamed. */
  public static void write(DatasetManifest manifest, Path file) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, toJson(manifest), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static DatasetManifest.FeatureStatistics featureStatistics(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String where = OBSERVATION_STATISTICS + ".";
    requireObject(node, OBSERVATION_STATISTICS);
    rejectUnknownKeys(node, STAT_KEYS, where);
    return new DatasetManifest.FeatureStatistics(
        doubleList(where + MEAN, node.get(MEAN)),
        doubleList(where + STD, node.get(STD)),
        doubleList(where + MIN, node.get(MIN)),
        doubleList(where + MAX, node.get(MAX)));
  }

  private static DatasetManifest.ScalarStatistics scalarStatistics(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String where = RETURN_STATISTICS + ".";
    requireObject(node, RETURN_STATISTICS);
    rejectUnknownKeys(node, STAT_KEYS, where);
    return new DatasetManifest.ScalarStatistics(
        doubleValue(node.get(MEAN), where + MEAN),
        doubleValue(node.get(STD), where + STD),
        doubleValue(node.get(MIN), where + MIN),
        doubleValue(node.get(MAX), where + MAX));
  }

  private static void requireObject(JsonNode node, String key) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(key + " must be an object, got " + node);
    }
  }

  private static void rejectUnknownKeys(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown key \"" + prefix + name + "\"");
      }
    }
  }

  private static JsonNode required(JsonNode parent, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("missing key \"" + key + "\"");
    }
    return node;
  }

  private static int intValue(JsonNode parent, String key) {
    JsonNode node = required(parent, key);
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new IllegalArgumentException(key + " must be an integer, got " + node);
    }
    return node.intValue();
  }

  private static long longValue(JsonNode parent, String key) {
    JsonNode node = required(parent, key);
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new IllegalArgumentException(key + " must be an integer, got " + node);
    }
    return node.longValue();
  }

  private static String textValue(JsonNode parent, String key) {
    JsonNode node = required(parent, key);
    if (!node.isTextual()) {
      throw new IllegalArgumentException(key + " must be a string, got " + node);
    }
    return node.textValue();
  }

  private static double doubleValue(JsonNode node, String key) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("missing key \"" + key + "\"");
    }
    if (!node.isNumber()) {
      throw new IllegalArgumentException(key + " must be a number, got " + node);
    }
    return node.doubleValue();
  }

  private static List<Long> longList(String key, JsonNode node) {
    if (!node.isArray()) {
      throw new IllegalArgumentException(key + " must be an array of integers, got " + node);
    }
    List<Long> out = new ArrayList<>(node.size());
    for (JsonNode v : node) {
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw new IllegalArgumentException(key + " must be an array of integers, got " + node);
      }
      out.add(v.longValue());
    }
    return out;
  }

  private static List<Double> doubleList(String key, JsonNode node) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("missing key \"" + key + "\"");
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(key + " must be an array of numbers, got " + node);
    }
    List<Double> out = new ArrayList<>(node.size());
    for (JsonNode v : node) {
      out.add(doubleValue(v, key));
    }
    return out;
  }
}
