package io.sparkrl.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One member of d3rlpy's {@code augmentation} list. The parameter map is complete: parameters not
 * given take d3rlpy's defaults, so a written {@code params.json} shows every value in effect.
 */
public record AugmentationSpec(AugmentationType type, Map<String, Object> params)
    implements java.io.Serializable {

  public AugmentationSpec {
    if (type == null) {
      throw new IllegalArgumentException("augmentation: type is required");
    }
    for (String name : params.keySet()) {
      if (type.params().stream().noneMatch(p -> p.name().equals(name))) {
        throw new IllegalArgumentException(
            "augmentation "
                + type.jsonName()
                + "."
                + name
                + ": unknown parameter (allowed: "
                + type.params().stream().map(AugmentationParam::name).toList()
                + ")");
      }
    }
    Map<String, Object> complete = new LinkedHashMap<>();
    for (AugmentationParam param : type.params()) {
      Object value = params.containsKey(param.name()) ? params.get(param.name()) : null;
      complete.put(
          param.name(), value == null ? param.defaultValue() : param.check(type.jsonName(), value));
    }
    if (complete.containsKey("minimum")
        && (Double) complete.get("minimum") > (Double) complete.get("maximum")) {
      throw new IllegalArgumentException(
          "augmentation "
              + type.jsonName()
              + ": minimum "
              + complete.get("minimum")
              + " is above maximum "
              + complete.get("maximum"));
    }
    params = Collections.unmodifiableMap(complete);
  }

  /** This augmentation with d3rlpy's default parameters. */
  public static AugmentationSpec of(AugmentationType type) {
    return new AugmentationSpec(type, Map.of());
  }

  public double doubleParam(String name) {
    return ((Number) params.get(name)).doubleValue();
  }

  public int intParam(String name) {
    return (Integer) params.get(name);
  }
}
