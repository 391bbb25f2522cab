package io.sparkrl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON forms of the structured hyperparameters, as d3rlpy's {@code params.json} writes them:
 * {@code use_gpu} (false, null, true for device 0, or a device id; written as null or the id),
 * {@code scaler} (null, a name, or {@code {"type", "params"}}), {@code augmentation} (a list of
 * names or {@code {"type", "params"}} objects), {@code encoder_params} ({@code hidden_units},
 * {@code filters} as [channels, kernel, stride] triples, {@code feature_size}, {@code
 * activation_type}) and {@code dynamics} ({@code {"type", "params": {model_path, n_transitions,
 * horizon}}}).
 */
final class AwrValueTypes {

  static final String TYPE = "type";
  static final String PARAMS = "params";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static final ValueType<GpuSetting> GPU =
      new ValueType<>(
              "false, true or a device id",
              AwrValueTypes::gpu,
              g -> g.enabled() ? JSON.numberNode(g.deviceId()) : NullNode.getInstance())
          .nullMeans(GpuSetting.DISABLED);

  static final ValueType<ScalerSpec> SCALER =
      new ValueType<>("name or {type, params}", AwrValueTypes::scaler, AwrValueTypes::scalerNode)
          .nullMeans(null);

  static final ValueType<List<AugmentationSpec>> AUGMENTATIONS =
      new ValueType<>(
              "list of names or {type, params}",
              AwrValueTypes::augmentations,
              AwrValueTypes::augmentationsNode)
          .nullMeans(List.of());

  static final ValueType<EncoderParams> ENCODER =
      new ValueType<>("object", AwrValueTypes::encoderParams, AwrValueTypes::encoderNode)
          .nullMeans(EncoderParams.DEFAULTS);

  static final ValueType<DynamicsSpec> DYNAMICS =
      new ValueType<>("{type, params}", AwrValueTypes::dynamics, AwrValueTypes::dynamicsNode)
          .nullMeans(null);

  private AwrValueTypes() {}

  private static GpuSetting gpu(String key, JsonNode v) {
    if (v.isBoolean()) {
      return v.booleanValue() ? GpuSetting.device(0) : GpuSetting.DISABLED;
    }
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return GpuSetting.device(v.intValue());
    }
    throw new ConfigException(key, key + ": must be false, true or a device id, got " + v);
  }

  private static ScalerSpec scaler(String key, JsonNode v) {
    if (v.isTextual()) {
      return ScalerSpec.of(ScalerType.fromJsonName(v.textValue()));
    }
    onlyKeys(key, v, Set.of(TYPE, PARAMS));
    ScalerType type = ScalerType.fromJsonName(type(key, v));
    Map<String, FittedArray> params = new LinkedHashMap<>();
    JsonNode paramsNode = v.get(PARAMS);
    if (paramsNode != null && !paramsNode.isNull()) {
      onlyKeys(key + ".params", paramsNode, Set.copyOf(type.paramNames()));
      paramsNode
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  String where = key + "." + e.getKey();
                  params.put(e.getKey(), JsonArrays.toFittedArray(where, e.getValue()));
                }
              });
    }
    return new ScalerSpec(type, params);
  }

  private static JsonNode scalerNode(ScalerSpec scaler) {
    ObjectNode node = JSON.objectNode();
    node.put(TYPE, scaler.type().jsonName());
    ObjectNode params = node.putObject(PARAMS);
    scaler.params().forEach((k, a) -> params.set(k, JsonArrays.fromFittedArray(a)));
    return node;
  }

  private static List<AugmentationSpec> augmentations(String key, JsonNode v) {
    if (!v.isArray()) {
      throw new ConfigException(key, key + ": must be a list of names or {type, params}, got " + v);
    }
    List<AugmentationSpec> out = new ArrayList<>();
    for (JsonNode entry : v) {
      if (entry.isTextual()) {
        out.add(AugmentationSpec.of(AugmentationType.fromJsonName(entry.textValue())));
        continue;
      }
      onlyKeys(key, entry, Set.of(TYPE, PARAMS));
      AugmentationType type = AugmentationType.fromJsonName(type(key, entry));
      Map<String, Object> params = new LinkedHashMap<>();
      JsonNode paramsNode = entry.get(PARAMS);
      if (paramsNode != null && !paramsNode.isNull()) {
        Set<String> names = new LinkedHashSet<>();
        type.params().forEach(p -> names.add(p.name()));
        onlyKeys(key + " " + type.jsonName(), paramsNode, names);
        paramsNode.fields().forEachRemaining(e -> params.put(e.getKey(), plain(e.getValue())));
      }
      out.add(new AugmentationSpec(type, params));
    }
    return out;
  }

  private static JsonNode augmentationsNode(List<AugmentationSpec> augmentations) {
    ArrayNode list = JSON.arrayNode();
    for (AugmentationSpec a : augmentations) {
      ObjectNode entry = list.addObject();
      entry.put(TYPE, a.type().jsonName());
      entry.set(PARAMS, MAPPER.valueToTree(a.params()));
    }
    return list;
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

  private static EncoderParams encoderParams(String key, JsonNode v) {
    onlyKeys(
        key,
        v,
        Set.of(
            EncoderParams.KEY_HIDDEN_UNITS,
            EncoderParams.KEY_FILTERS,
            EncoderParams.KEY_FEATURE_SIZE,
            EncoderParams.KEY_ACTIVATION_TYPE));
    List<Integer> hidden = null;
    JsonNode n;
    if ((n = v.get(EncoderParams.KEY_HIDDEN_UNITS)) != null && !n.isNull()) {
      hidden = intList(key + "." + EncoderParams.KEY_HIDDEN_UNITS, n);
    }
    List<ConvFilter> filters = null;
    if ((n = v.get(EncoderParams.KEY_FILTERS)) != null && !n.isNull()) {
      String where = key + "." + EncoderParams.KEY_FILTERS;
      if (!n.isArray()) {
        throw new ConfigException(
            where, where + ": must be a list of [channels, kernel, stride], got " + n);
      }
      filters = new ArrayList<>();
      for (JsonNode f : n) {
        List<Integer> triple = intList(where, f);
        if (triple.size() != 3) {
          throw new ConfigException(
              where, where + ": each entry must be [channels, kernel, stride], got " + f);
        }
        filters.add(new ConvFilter(triple.get(0), triple.get(1), triple.get(2)));
      }
    }
    String featureKey = key + "." + EncoderParams.KEY_FEATURE_SIZE;
    Integer featureSize =
        ValueType.INTEGER.readOptional(featureKey, v.get(EncoderParams.KEY_FEATURE_SIZE));
    String activationKey = key + "." + EncoderParams.KEY_ACTIVATION_TYPE;
    String activation =
        ValueType.STRING.readOptional(activationKey, v.get(EncoderParams.KEY_ACTIVATION_TYPE));
    return new EncoderParams(
        hidden,
        filters,
        featureSize,
        activation == null ? null : ActivationType.fromJsonName(activation));
  }

  private static JsonNode encoderNode(EncoderParams p) {
    ObjectNode node = JSON.objectNode();
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

  private static DynamicsSpec dynamics(String key, JsonNode v) {
    onlyKeys(key, v, Set.of(TYPE, PARAMS));
    String type = type(key, v);
    JsonNode params = v.get(PARAMS);
    if (params == null || params.isNull()) {
      params = JSON.objectNode();
    }
    onlyKeys(
        key + ".params",
        params,
        Set.of(
            DynamicsSpec.KEY_MODEL_PATH, DynamicsSpec.KEY_N_TRANSITIONS, DynamicsSpec.KEY_HORIZON));
    String path =
        ValueType.STRING.readOptional(
            key + "." + DynamicsSpec.KEY_MODEL_PATH, params.get(DynamicsSpec.KEY_MODEL_PATH));
    Integer nTransitions =
        ValueType.INTEGER.readOptional(
            key + "." + DynamicsSpec.KEY_N_TRANSITIONS, params.get(DynamicsSpec.KEY_N_TRANSITIONS));
    Integer horizon =
        ValueType.INTEGER.readOptional(
            key + "." + DynamicsSpec.KEY_HORIZON, params.get(DynamicsSpec.KEY_HORIZON));
    return new DynamicsSpec(
        type,
        path,
        nTransitions == null ? DynamicsSpec.DEFAULT_N_TRANSITIONS : nTransitions,
        horizon == null ? DynamicsSpec.DEFAULT_HORIZON : horizon);
  }

  private static JsonNode dynamicsNode(DynamicsSpec d) {
    ObjectNode node = JSON.objectNode();
    node.put(TYPE, d.type());
    ObjectNode params = node.putObject(PARAMS);
    params.put(DynamicsSpec.KEY_MODEL_PATH, d.modelPath());
    params.put(DynamicsSpec.KEY_N_TRANSITIONS, d.nTransitions());
    params.put(DynamicsSpec.KEY_HORIZON, d.horizon());
    return node;
  }

  private static String type(String key, JsonNode v) {
    JsonNode typeNode = v.get(TYPE);
    if (typeNode == null) {
      throw new ConfigException(key, key + ": \"type\" is required");
    }
    return ValueType.STRING.read(key + ".type", typeNode);
  }

  static List<Integer> intList(String key, JsonNode n) {
    if (!n.isArray()) {
      throw new ConfigException(key, key + ": must be a list of integers, got " + n);
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode x : n) {
      out.add(ValueType.INTEGER.read(key, x));
    }
    return out;
  }

  static void onlyKeys(String where, JsonNode node, Set<String> allowed) {
    if (!node.isObject()) {
      throw new ConfigException(where, where + ": must be an object, got " + node);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new ConfigException(
            where,
            where + ": unknown key '" + key + "' (known keys: " + String.join(", ", allowed) + ")");
      }
    }
  }
}
