package io.sparkrl.core.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * d3rlpy's {@code scaler}: its type and, once fitted, its parameters. An empty parameter map means
 * "fit on the training episodes"; a full one is used as it is (d3rlpy does not refit a scaler that
 * has parameters).
 */
public record ScalerSpec(ScalerType type, Map<String, FittedArray> params)
    implements java.io.Serializable {

  public ScalerSpec {
    if (type == null) {
      throw new IllegalArgumentException("scaler: type is required");
    }
    for (String name : params.keySet()) {
      if (!type.paramNames().contains(name)) {
        throw new IllegalArgumentException(
            "scaler."
                + name
                + ": unknown parameter of scaler \""
                + type.jsonName()
                + "\" (allowed: "
                + type.paramNames()
                + ")");
      }
    }
    if (!params.isEmpty() && params.size() != type.paramNames().size()) {
      throw new IllegalArgumentException(
          "scaler \""
              + type.jsonName()
              + "\": give all of "
              + type.paramNames()
              + " or none, got "
              + params.keySet());
    }
    FittedArray first = null;
    for (Map.Entry<String, FittedArray> e : params.entrySet()) {
      FittedArray value = e.getValue();
      for (double v : value.values()) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException(
              "scaler." + e.getKey() + ": values must be finite, got " + v);
        }
      }
      if (first != null && !Arrays.equals(first.shape(), value.shape())) {
        throw new IllegalArgumentException(
            "scaler \""
                + type.jsonName()
                + "\": parameter shapes disagree: "
                + Arrays.toString(first.shape())
                + " and "
                + Arrays.toString(value.shape())
                + " ("
                + e.getKey()
                + ")");
      }
      first = value;
    }
    if (type == ScalerType.STANDARD && params.containsKey("std")) {
      for (double v : params.get("std").values()) {
        if (v < 0) {
          throw new IllegalArgumentException("scaler.std: must be >= 0, got " + v);
        }
      }
    }
    if (type == ScalerType.MIN_MAX && !params.isEmpty()) {
      FittedArray min = params.get("minimum");
      FittedArray max = params.get("maximum");
      for (int i = 0; i < min.size(); i++) {
        if (max.get(i) < min.get(i)) {
          throw new IllegalArgumentException(
              "scaler: maximum "
                  + max.get(i)
                  + " is below minimum "
                  + min.get(i)
                  + " at feature "
                  + i);
        }
      }
    }
    params = orderedCopy(type, params);
  }

  /** An unfitted scaler of this type. */
  public static ScalerSpec of(ScalerType type) {
    return new ScalerSpec(type, Map.of());
  }

  public boolean isFitted() {
    return type == ScalerType.PIXEL || !params.isEmpty();
  }

  private static Map<String, FittedArray> orderedCopy(
      ScalerType type, Map<String, FittedArray> params) {
    Map<String, FittedArray> ordered = new LinkedHashMap<>();
    for (String name : type.paramNames()) {
      if (params.containsKey(name)) {
        ordered.put(name, params.get(name));
      }
    }
    return java.util.Collections.unmodifiableMap(ordered);
  }
}
