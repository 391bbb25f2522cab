package io.sparkrl.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 * schema_version}, {@code observation_shape}, …; docs/design.md §2.2 lists them).
 *
 * <p>Only the essentials are required: {@code schema_version}, {@code observation_shape}, {@code
 * observation_dtype} and {@code action_size}. The episode-id type and the counts ({@code episodes},
 * {@code rows}, {@code transitions}, {@code action_counts}) may be absent or null; when present
 * they must be well typed. Statistics ({@code observation_statistics}, {@code return_statistics})
 * never make a manifest unreadable: one that holds a value that is not a finite number ({@code
 * NaN}, {@code Infinity}, as a bare token or a string, null, a missing entry) or has the wrong
 * length is read as unknown, to be recomputed. Unknown keys are rejected at every level, so a
 * misspelt key is not silently ignored.
 *
 * <p>Reading fails with an {@link IllegalArgumentException} whose message names the key: an unknown
 * key, a missing essential, a mistyped key, a value that breaks a rule of {@link DatasetManifest},
 * or a {@code schema_version} newer than {@link DatasetManifest#CURRENT_SCHEMA_VERSION}. Writing
 * omits unknown values, so the output is always standard JSON.
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

  // NaN and Infinity tokens (Python's json module writes them) parse, so statistics can drop them.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

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
    putIfKnown(root, EPISODE_ID_TYPE, manifest.episodeIdType());
    putIfKnown(root, EPISODES, manifest.episodes());
    putIfKnown(root, ROWS, manifest.rows());
    putIfKnown(root, TRANSITIONS, manifest.transitions());
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
    if (manifest.actionCounts() != null) {
      ArrayNode counts = root.putArray(ACTION_COUNTS);
      manifest.actionCounts().forEach(counts::add);
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the dataset manifest", e);
    }
  }

  private static void putDoubles(ArrayNode array, List<Double> values) {
    values.forEach(array::add);
  }

  private static void putIfKnown(ObjectNode root, String key, String value) {
    if (value != null) {
      root.put(key, value);
    }
  }

  private static void putIfKnown(ObjectNode root, String key, Long value) {
    if (value != null) {
      root.put(key, value);
    }
  }

  /**
   * Parses {@code dataset.json} text.
   *
   * @throws IllegalArgumentException if the JSON is malformed, a key is unknown, an essential is
   *     missing, a key other than a statistic is mistyped, a value breaks a rule of {@link
   *     DatasetManifest}, or the schema version is newer than this code reads
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
    ObservationShape shape = new ObservationShape(dims);
    JsonNode actionCounts = optional(root, ACTION_COUNTS);
    return new DatasetManifest(
        version,
        shape,
        textValue(root, OBSERVATION_DTYPE),
        intValue(root, ACTION_SIZE),
        optional(root, EPISODE_ID_TYPE) == null ? null : textValue(root, EPISODE_ID_TYPE),
        optionalLong(root, EPISODES),
        optionalLong(root, ROWS),
        optionalLong(root, TRANSITIONS),
        featureStatistics(
            root.get(OBSERVATION_STATISTICS), DatasetManifest.statisticsLength(shape)),
        scalarStatistics(root.get(RETURN_STATISTICS)),
        actionCounts == null ? null : longList(ACTION_COUNTS, actionCounts));
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

  /** The observation statistics, or null if absent or unusable (see the class comment). */
  private static DatasetManifest.FeatureStatistics featureStatistics(JsonNode node, int length) {
    if (node == null || !node.isObject()) {
      return null;
    }
    rejectUnknownKeys(node, STAT_KEYS, OBSERVATION_STATISTICS + ".");
    List<Double> mean = finiteList(node.get(MEAN), length);
    List<Double> std = finiteList(node.get(STD), length);
    List<Double> min = finiteList(node.get(MIN), length);
    List<Double> max = finiteList(node.get(MAX), length);
    if (mean == null || std == null || min == null || max == null) {
      return null;
    }
    return new DatasetManifest.FeatureStatistics(mean, std, min, max);
  }

  /** The return statistics, or null if absent or unusable (see the class comment). */
  private static DatasetManifest.ScalarStatistics scalarStatistics(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    rejectUnknownKeys(node, STAT_KEYS, RETURN_STATISTICS + ".");
    for (String key : STAT_KEYS) {
      if (!isFinite(node.get(key))) {
        return null;
      }
    }
    return new DatasetManifest.ScalarStatistics(
        node.get(MEAN).doubleValue(),
        node.get(STD).doubleValue(),
        node.get(MIN).doubleValue(),
        node.get(MAX).doubleValue());
  }

  /** {@code length} finite numbers, or null if {@code node} is anything else. */
  private static List<Double> finiteList(JsonNode node, int length) {
    if (node == null || !node.isArray() || node.size() != length) {
      return null;
    }
    List<Double> out = new ArrayList<>(length);
    for (JsonNode v : node) {
      if (!isFinite(v)) {
        return null;
      }
      out.add(v.doubleValue());
    }
    return out;
  }

  private static boolean isFinite(JsonNode node) {
    return node != null && node.isNumber() && Double.isFinite(node.doubleValue());
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
    JsonNode node = optional(parent, key);
    if (node == null) {
      throw new IllegalArgumentException("missing key \"" + key + "\"");
    }
    return node;
  }

  /** The value of {@code key}, or null if it is absent or JSON null. */
  private static JsonNode optional(JsonNode parent, String key) {
    JsonNode node = parent.get(key);
    return node == null || node.isNull() ? null : node;
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

  private static Long optionalLong(JsonNode parent, String key) {
    return optional(parent, key) == null ? null : longValue(parent, key);
  }

  private static String textValue(JsonNode parent, String key) {
    JsonNode node = required(parent, key);
    if (!node.isTextual()) {
      throw new IllegalArgumentException(key + " must be a string, got " + node);
    }
    return node.textValue();
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
}
