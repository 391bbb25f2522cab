package io.sparkrl.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one JSON form of {@link AwrConfig}: d3rlpy's key names, so a {@code params.json} written by
 * d3rlpy v0.23 reads here and one written here reads as d3rlpy's. Keys left out take their
 * defaults; an unknown or duplicated key, a mistyped value or a broken rule throws {@link
 * IllegalArgumentException} naming the key.
 *
 * <p>Accepted forms: {@code scaler} null, a name, or {@code {"type", "params"}}; {@code
 * augmentation} a list of names or {@code {"type", "params"}} objects; {@code use_gpu} false, null,
 * true (device 0) or a device id; {@code encoder_params} with {@code hidden_units}, {@code filters}
 * ([channels, kernel, stride] triples), {@code feature_size}, {@code activation_type}.
 */
public final class AwrConfigParser {

  public static final String KEY_OBSERVATION_SHAPE = "observation_shape";
  public static final String KEY_ACTION_SIZE = "action_size";
  private static final String TYPE = "type";
  private static final String PARAMS = "params";

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

  /**
   * The config with some keys replaced, each value given as its JSON text ({@code "0.9"}, {@code
   * "\"pixel\""}, {@code "[\"cutout\"]"}); a value that is not valid JSON is taken as a string, so
   * {@code scaler=pixel} works on a command line.
   */
  public static AwrConfig withOverrides(AwrConfig base, Map<String, String> overrides) {
    ObjectNode node = toNode(base);
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      node.set(e.getKey(), parseValue(e.getValue()));
    }
    return fromNode(node).config();
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

  private static JsonNode parseValue(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return JsonNodeFactory.instance.textNode(text);
    }
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
        throw new IllegalArgumentException(
            "unknown key '" + key + "' (known keys: " + String.join(", ", AwrConfig.KEYS) + ")");
      }
    }
    AwrConfig.Builder b = AwrConfig.builder();
    JsonNode v;
    if ((v = root.get(AwrConfig.KEY_ACTOR_LEARNING_RATE)) != null) {
      b.actorLearningRate(number(AwrConfig.KEY_ACTOR_LEARNING_RATE, v));
    }
    if ((v = root.get(AwrConfig.KEY_CRITIC_LEARNING_RATE)) != null) {
      b.criticLearningRate(number(AwrConfig.KEY_CRITIC_LEARNING_RATE, v));
    }
    if ((v = root.get(AwrConfig.KEY_BATCH_SIZE)) != null) {
      b.batchSize(integer(AwrConfig.KEY_BATCH_SIZE, v));
    }
    if ((v = root.get(AwrConfig.KEY_N_FRAMES)) != null) {
      b.nFrames(integer(AwrConfig.KEY_N_FRAMES, v));
    }
    if ((v = root.get(AwrConfig.KEY_GAMMA)) != null) {
      b.gamma(number(AwrConfig.KEY_GAMMA, v));
    }
    if ((v = root.get(AwrConfig.KEY_BATCH_SIZE_PER_UPDATE)) != null) {
      b.batchSizePerUpdate(integer(AwrConfig.KEY_BATCH_SIZE_PER_UPDATE, v));
    }
    if ((v = root.get(AwrConfig.KEY_N_ACTOR_UPDATES)) != null) {
      b.nActorUpdates(integer(AwrConfig.KEY_N_ACTOR_UPDATES, v));
    }
    if ((v = root.get(AwrConfig.KEY_N_CRITIC_UPDATES)) != null) {
      b.nCriticUpdates(integer(AwrConfig.KEY_N_CRITIC_UPDATES, v));
    }
    if ((v = root.get(AwrConfig.KEY_LAM)) != null) {
      b.lam(number(AwrConfig.KEY_LAM, v));
    }
    if ((v = root.get(AwrConfig.KEY_BETA)) != null) {
      b.beta(number(AwrConfig.KEY_BETA, v));
    }
    if ((v = root.get(AwrConfig.KEY_MAX_WEIGHT)) != null) {
      b.maxWeight(number(AwrConfig.KEY_MAX_WEIGHT, v));
    }
    if ((v = root.get(AwrConfig.KEY_MOMENTUM)) != null) {
      b.momentum(number(AwrConfig.KEY_MOMENTUM, v));
    }
    if ((v = root.get(AwrConfig.KEY_USE_BATCH_NORM)) != null) {
      b.useBatchNorm(bool(AwrConfig.KEY_USE_BATCH_NORM, v));
    }
    if ((v = root.get(AwrConfig.KEY_N_EPOCHS)) != null) {
      b.nEpochs(integer(AwrConfig.KEY_N_EPOCHS, v));
    }
    if ((v = root.get(AwrConfig.KEY_USE_GPU)) != null) {
      b.useGpu(gpu(v));
    }
    if ((v = root.get(AwrConfig.KEY_SCALER)) != null) {
      b.scaler(scaler(v));
    }
    if ((v = root.get(AwrConfig.KEY_AUGMENTATION)) != null) {
      b.augmentation(augmentations(v));
    }
    if ((v = root.get(AwrConfig.KEY_N_AUGMENTATIONS)) != null) {
      b.nAugmentations(integer(AwrConfig.KEY_N_AUGMENTATIONS, v));
    }
    if ((v = root.get(AwrConfig.KEY_ENCODER_PARAMS)) != null) {
      b.encoderParams(encoderParams(v));
    }
    if ((v = root.get(AwrConfig.KEY_DYNAMICS)) != null) {
      b.dynamics(dynamics(v));
    }
    AwrConfig config = b.build();
    int[] shape = null;
    Integer actionSize = null;
    if ((v = root.get(KEY_OBSERVATION_SHAPE)) != null && !v.isNull()) {
      shape = observationShape(v);
    }
    if ((v = root.get(KEY_ACTION_SIZE)) != null && !v.isNull()) {
      actionSize = integer(KEY_ACTION_SIZE, v);
      if (actionSize < 1) {
        throw new IllegalArgumentException(KEY_ACTION_SIZE + ": must be >= 1, got " + actionSize);
      }
    }
    if (shape != null && config.nFrames() > 1 && shape.length != 3) {
      throw new IllegalArgumentException(
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
    n.put(AwrConfig.KEY_ACTOR_LEARNING_RATE, c.actorLearningRate());
    ArrayNode augmentation = n.putArray(AwrConfig.KEY_AUGMENTATION);
    for (AugmentationSpec a : c.augmentation()) {
      ObjectNode entry = augmentation.addObject();
      entry.put(TYPE, a.type().jsonName());
      entry.set(PARAMS, MAPPER.valueToTree(a.params()));
    }
    n.put(AwrConfig.KEY_BATCH_SIZE, c.batchSize());
    n.put(AwrConfig.KEY_BATCH_SIZE_PER_UPDATE, c.batchSizePerUpdate());
    n.put(AwrConfig.KEY_BETA, c.beta());
    n.put(AwrConfig.KEY_CRITIC_LEARNING_RATE, c.criticLearningRate());
    n.set(AwrConfig.KEY_DYNAMICS, dynamicsNode(c.dynamics()));
    n.set(AwrConfig.KEY_ENCODER_PARAMS, encoderNode(c.encoderParams()));
    n.put(AwrConfig.KEY_GAMMA, c.gamma());
    n.put(AwrConfig.KEY_LAM, c.lam());
    n.put(AwrConfig.KEY_MAX_WEIGHT, c.maxWeight());
    n.put(AwrConfig.KEY_MOMENTUM, c.momentum());
    n.put(AwrConfig.KEY_N_ACTOR_UPDATES, c.nActorUpdates());
    n.put(AwrConfig.KEY_N_AUGMENTATIONS, c.nAugmentations());
    n.put(AwrConfig.KEY_N_CRITIC_UPDATES, c.nCriticUpdates());
    n.put(AwrConfig.KEY_N_EPOCHS, c.nEpochs());
    n.put(AwrConfig.KEY_N_FRAMES, c.nFrames());
    n.set(AwrConfig.KEY_SCALER, scalerNode(c.scaler()));
    n.put(AwrConfig.KEY_USE_BATCH_NORM, c.useBatchNorm());
    if (c.useGpu().enabled()) {
      n.put(AwrConfig.KEY_USE_GPU, c.useGpu().deviceId());
    } else {
      n.putNull(AwrConfig.KEY_USE_GPU);
    }
    return n;
  }

  private static JsonNode scalerNode(ScalerSpec scaler) {
    if (scaler == null) {
      return NullNode.getInstance();
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put(TYPE, scaler.type().jsonName());
    ObjectNode params = node.putObject(PARAMS);
    scaler.params().forEach((k, a) -> params.set(k, JsonArrays.fromFittedArray(a)));
    return node;
  }

  private static JsonNode encoderNode(EncoderParams p) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    if (p.activationType() != null) {
      node.put(EncoderParams.KEY_ACTIVATION_TYPE, p.activationType().jsonName());
    }
    if (p.featureSize() != null) {
      node.put(EncoderParams.KEY_FEATURE_SIZE, p.featureSize());
    }
    if (p.filters() != null) {
      ArrayNode filters = node.putArray(EncoderParams.KEY_FILTERS);
      for (ConvFilter f : p.filters()) {
        filters.addArray().add(f.channels()).add(f.kernel()).add(f.stride());
      }
    }
    if (p.hiddenUnits() != null) {
      ArrayNode units = node.putArray(EncoderParams.KEY_HIDDEN_UNITS);
      p.hiddenUnits().forEach(units::add);
    }
    return node;
  }

  private static JsonNode dynamicsNode(DynamicsSpec d) {
    if (d == null) {
      return NullNode.getInstance();
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put(TYPE, d.type());
    ObjectNode params = node.putObject(PARAMS);
    params.put(DynamicsSpec.KEY_MODEL_PATH, d.modelPath());
    params.put(DynamicsSpec.KEY_N_TRANSITIONS, d.nTransitions());
    params.put(DynamicsSpec.KEY_HORIZON, d.horizon());
    return node;
  }

  private static double number(String key, JsonNode v) {
    if (!v.isNumber()) {
      throw new IllegalArgumentException(key + ": must be a number, got " + v);
    }
    return v.doubleValue();
  }

  private static int integer(String key, JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return v.intValue();
    }
    if (v.isFloatingPointNumber() && v.doubleValue() == Math.rint(v.doubleValue())) {
      double d = v.doubleValue();
      if (d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw new IllegalArgumentException(key + ": must be an integer, got " + v);
  }

  private static boolean bool(String key, JsonNode v) {
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(key + ": must be true or false, got " + v);
    }
    return v.booleanValue();
  }

  private static String text(String key, JsonNode v) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException(key + ": must be a string, got " + v);
    }
    return v.textValue();
  }

  private static GpuSetting gpu(JsonNode v) {
    if (v.isNull() || (v.isBoolean() && !v.booleanValue())) {
      return GpuSetting.DISABLED;
    }
    if (v.isBoolean()) {
      return GpuSetting.device(0);
    }
    if (v.isIntegralNumber()) {
      return GpuSetting.device(integer(AwrConfig.KEY_USE_GPU, v));
    }
    throw new IllegalArgumentException(
        AwrConfig.KEY_USE_GPU + ": must be false, true or a device id, got " + v);
  }

  private static void onlyKeys(String where, JsonNode node, Set<String> allowed) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": must be an object, got " + node);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(
            where + ": unknown key '" + key + "' (known keys: " + String.join(", ", allowed) + ")");
      }
    }
  }

  private static ScalerSpec scaler(JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return ScalerSpec.of(ScalerType.fromJsonName(v.textValue()));
    }
    onlyKeys(AwrConfig.KEY_SCALER, v, Set.of(TYPE, PARAMS));
    JsonNode typeNode = v.get(TYPE);
    if (typeNode == null) {
      throw new IllegalArgumentException(AwrConfig.KEY_SCALER + ": \"type\" is required");
    }
    ScalerType type = ScalerType.fromJsonName(text(AwrConfig.KEY_SCALER + ".type", typeNode));
    Map<String, FittedArray> params = new LinkedHashMap<>();
    JsonNode paramsNode = v.get(PARAMS);
    if (paramsNode != null && !paramsNode.isNull()) {
      onlyKeys(AwrConfig.KEY_SCALER + ".params", paramsNode, Set.copyOf(type.paramNames()));
      paramsNode
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  String where = AwrConfig.KEY_SCALER + "." + e.getKey();
                  params.put(e.getKey(), JsonArrays.toFittedArray(where, e.getValue()));
                }
              });
    }
    return new ScalerSpec(type, params);
  }

  private static List<AugmentationSpec> augmentations(JsonNode v) {
    if (v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(
          AwrConfig.KEY_AUGMENTATION + ": must be a list of names or {type, params}, got " + v);
    }
    List<AugmentationSpec> out = new ArrayList<>();
    for (JsonNode entry : v) {
      if (entry.isTextual()) {
        out.add(AugmentationSpec.of(AugmentationType.fromJsonName(entry.textValue())));
        continue;
      }
      onlyKeys(AwrConfig.KEY_AUGMENTATION, entry, Set.of(TYPE, PARAMS));
      JsonNode typeNode = entry.get(TYPE);
      if (typeNode == null) {
        throw new IllegalArgumentException(AwrConfig.KEY_AUGMENTATION + ": \"type\" is required");
      }
      AugmentationType type =
          AugmentationType.fromJsonName(text(AwrConfig.KEY_AUGMENTATION + ".type", typeNode));
      Map<String, Object> params = new LinkedHashMap<>();
      JsonNode paramsNode = entry.get(PARAMS);
      if (paramsNode != null && !paramsNode.isNull()) {
        onlyKeys(AwrConfig.KEY_AUGMENTATION + " " + type.jsonName(), paramsNode, paramNames(type));
        paramsNode.fields().forEachRemaining(e -> params.put(e.getKey(), plain(e.getValue())));
      }
      out.add(new AugmentationSpec(type, params));
    }
    return out;
  }

  private static Set<String> paramNames(AugmentationType type) {
    Set<String> names = new java.util.LinkedHashSet<>();
    type.params().forEach(p -> names.add(p.name()));
    return names;
  }

  private static Object plain(JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return v.intValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isArray()) {
      List<Object> list = new ArrayList<>();
      v.forEach(x -> list.add(plain(x)));
      return list;
    }
    return v.isTextual() ? v.textValue() : v.toString();
  }

  private static EncoderParams encoderParams(JsonNode v) {
    if (v.isNull()) {
      return EncoderParams.DEFAULTS;
    }
    String where = AwrConfig.KEY_ENCODER_PARAMS;
    onlyKeys(
        where,
        v,
        Set.of(
            EncoderParams.KEY_HIDDEN_UNITS,
            EncoderParams.KEY_FILTERS,
            EncoderParams.KEY_FEATURE_SIZE,
            EncoderParams.KEY_ACTIVATION_TYPE));
    List<Integer> hidden = null;
    JsonNode n;
    if ((n = v.get(EncoderParams.KEY_HIDDEN_UNITS)) != null && !n.isNull()) {
      hidden = intList(where + "." + EncoderParams.KEY_HIDDEN_UNITS, n);
    }
    List<ConvFilter> filters = null;
    if ((n = v.get(EncoderParams.KEY_FILTERS)) != null && !n.isNull()) {
      String key = where + "." + EncoderParams.KEY_FILTERS;
      if (!n.isArray()) {
        throw new IllegalArgumentException(
            key + ": must be a list of [channels, kernel, stride], got " + n);
      }
      filters = new ArrayList<>();
      for (JsonNode f : n) {
        List<Integer> triple = intList(key, f);
        if (triple.size() != 3) {
          throw new IllegalArgumentException(
              key + ": each entry must be [channels, kernel, stride], got " + f);
        }
        filters.add(new ConvFilter(triple.get(0), triple.get(1), triple.get(2)));
      }
    }
    Integer featureSize = null;
    if ((n = v.get(EncoderParams.KEY_FEATURE_SIZE)) != null && !n.isNull()) {
      featureSize = integer(where + "." + EncoderParams.KEY_FEATURE_SIZE, n);
    }
    ActivationType activation = null;
    if ((n = v.get(EncoderParams.KEY_ACTIVATION_TYPE)) != null && !n.isNull()) {
      activation =
          ActivationType.fromJsonName(text(where + "." + EncoderParams.KEY_ACTIVATION_TYPE, n));
    }
    return new EncoderParams(hidden, filters, featureSize, activation);
  }

  private static List<Integer> intList(String key, JsonNode n) {
    if (!n.isArray()) {
      throw new IllegalArgumentException(key + ": must be a list of integers, got " + n);
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode x : n) {
      out.add(integer(key, x));
    }
    return out;
  }

  private static DynamicsSpec dynamics(JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    String where = AwrConfig.KEY_DYNAMICS;
    onlyKeys(where, v, Set.of(TYPE, PARAMS));
    JsonNode typeNode = v.get(TYPE);
    if (typeNode == null) {
      throw new IllegalArgumentException(where + ": \"type\" is required");
    }
    String type = text(where + ".type", typeNode);
    JsonNode params = v.get(PARAMS);
    if (params == null || params.isNull()) {
      params = JsonNodeFactory.instance.objectNode();
    }
    onlyKeys(
        where + ".params",
        params,
        Set.of(
            DynamicsSpec.KEY_MODEL_PATH, DynamicsSpec.KEY_N_TRANSITIONS, DynamicsSpec.KEY_HORIZON));
    JsonNode path = params.get(DynamicsSpec.KEY_MODEL_PATH);
    JsonNode nTransitions = params.get(DynamicsSpec.KEY_N_TRANSITIONS);
    JsonNode horizon = params.get(DynamicsSpec.KEY_HORIZON);
    return new DynamicsSpec(
        type,
        path == null ? null : text(where + "." + DynamicsSpec.KEY_MODEL_PATH, path),
        nTransitions == null
            ? DynamicsSpec.DEFAULT_N_TRANSITIONS
            : integer(where + "." + DynamicsSpec.KEY_N_TRANSITIONS, nTransitions),
        horizon == null
            ? DynamicsSpec.DEFAULT_HORIZON
            : integer(where + "." + DynamicsSpec.KEY_HORIZON, horizon));
  }

  private static int[] observationShape(JsonNode v) {
    List<Integer> dims = intList(KEY_OBSERVATION_SHAPE, v);
    if (dims.size() != 1 && dims.size() != 3) {
      throw new IllegalArgumentException(
          KEY_OBSERVATION_SHAPE + ": must be [features] or [channels, height, width], got " + v);
    }
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException(
            KEY_OBSERVATION_SHAPE + ": dimensions must be >= 1, got " + v);
      }
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }
}
