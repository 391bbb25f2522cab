package io.sparkrl.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one JSON form of {@link AwrConfig}: d3rlpy's key names, so a {@code params.json} written by
 * d3rlpy v0.23 reads here and one written here reads as d3rlpy's. It walks the key table {@link
 * AwrConfigKeys}; the structured values' forms are in {@code AwrValueTypes}. Keys left out take
 * their defaults; an unknown or duplicated key, a mistyped value or a broken rule throws {@link
 * ConfigException} naming the key.
 */
public final class AwrConfigParser {

  public static final String KEY_OBSERVATION_SHAPE = "observation_shape";
  public static final String KEY_ACTION_SIZE = "action_size";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private AwrConfigParser() {}

  /** Parses a configuration; {@code observation_shape} and {@code action_size} are checked. */
  public static AwrConfig fromJson(String json) {
    return readParams(json).config();
  }

  /** Parses a {@code params.json} (or a configuration file) with its shape keys. */
  public static AwrParamsFile readParams(String json) {
    return fromNode(parseTree(json));
  }

  /**
   * Parses an already merged JSON object of hyperparameters (and optionally the shape keys), as the
   * job's configuration pass builds it: the tree is read once, not written back to text.
   */
  public static AwrParamsFile readParams(JsonNode root) {
    return fromNode(root);
  }

  /** Reads a {@code params.json} or configuration file; errors start with the file's path. */
  public static AwrParamsFile readParams(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration " + file, e);
    }
    try {
      return readParams(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  public static String toJson(AwrConfig config) {
    return write(toNode(config));
  }

  /** A d3rlpy-style {@code params.json}: the 20 keys alphabetically, then the two shape keys. */
  public static String toParamsJson(AwrConfig config, int[] observationShape, int actionSize) {
    ObjectNode node = toNode(config);
    ArrayNode shape = node.putArray(KEY_OBSERVATION_SHAPE);
    for (int dim : observationShape) {
      shape.add(dim);
    }
    node.put(KEY_ACTION_SIZE, actionSize);
    fromNode(node); // the shape keys obey the same rules on the way out as on the way in
    return write(node);
  }

  /** The config with some keys replaced by Java values (numbers, strings, lists, maps, null). */
  public static AwrConfig withValues(AwrConfig base, Map<String, ?> values) {
    ObjectNode node = toNode(base);
    for (Map.Entry<String, ?> e : values.entrySet()) {
      node.set(e.getKey(), MAPPER.valueToTree(e.getValue()));
    }
    return fromNode(node).config();
  }

  /** The config as plain Java values keyed by d3rlpy name (d3rlpy's {@code get_params}). */
  public static Map<String, Object> toMap(AwrConfig config) {
    return MAPPER.convertValue(
        toNode(config), new com.fasterxml.jackson.core.type.TypeReference<>() {});
  }

  private static JsonNode parseTree(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("a configuration must be a JSON object, got " + node);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static AwrParamsFile fromNode(JsonNode root) {
    Set<String> known = new java.util.HashSet<>(AwrConfig.KEYS);
    known.add(KEY_OBSERVATION_SHAPE);
    known.add(KEY_ACTION_SIZE);
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new ConfigException(
            key,
            "unknown key '" + key + "' (known keys: " + String.join(", ", AwrConfig.KEYS) + ")");
      }
    }
    AwrConfig.Builder b = AwrConfig.builder();
    for (AwrConfigKeys.Binding<?> binding : AwrConfigKeys.BINDINGS) {
      try {
        binding.read(root, b);
      } catch (ConfigException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        // the nested records (scaler, encoder, dynamics, augmentation) name their own field
        throw new ConfigException(binding.key().name(), e.getMessage(), e);
      }
    }
    AwrConfig config = b.build();
    int[] shape = null;
    Integer actionSize = null;
    JsonNode v;
    if ((v = root.get(KEY_OBSERVATION_SHAPE)) != null && !v.isNull()) {
      shape = observationShape(v);
    }
    if ((v = root.get(KEY_ACTION_SIZE)) != null && !v.isNull()) {
      actionSize = ValueType.INTEGER.read(KEY_ACTION_SIZE, v);
      if (actionSize < 1) {
        throw new ConfigException(
            KEY_ACTION_SIZE, KEY_ACTION_SIZE + ": must be >= 1, got " + actionSize);
      }
    }
    if (shape != null && config.nFrames() > 1 && shape.length != 3) {
      throw new ConfigException(
          AwrConfig.KEY_N_FRAMES,
          AwrConfig.KEY_N_FRAMES
              + ": "
              + config.nFrames()
              + " frames need image observations (C, H, W), got observation_shape "
              + java.util.Arrays.toString(shape));
    }
    return new AwrParamsFile(config, shape, actionSize);
  }

  static ObjectNode toNode(AwrConfig c) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    for (AwrConfigKeys.Binding<?> binding : AwrConfigKeys.BINDINGS) {
      n.set(binding.key().name(), binding.write(c));
    }
    return n;
  }

  private static int[] observationShape(JsonNode v) {
    List<Integer> dims = AwrValueTypes.intList(KEY_OBSERVATION_SHAPE, v);
    if (dims.size() != 1 && dims.size() != 3) {
      throw new ConfigException(
          KEY_OBSERVATION_SHAPE,
          KEY_OBSERVATION_SHAPE + ": must be [features] or [channels, height, width], got " + v);
    }
    for (int d : dims) {
      if (d < 1) {
        throw new ConfigException(
            KEY_OBSERVATION_SHAPE, KEY_OBSERVATION_SHAPE + ": dimensions must be >= 1, got " + v);
      }
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }
}
