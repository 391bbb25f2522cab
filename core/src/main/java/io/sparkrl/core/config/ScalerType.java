package io.sparkrl.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The observation scalers of d3rlpy v0.23 and the names of their fitted parameters. */
public enum ScalerType {
  /** x / 255; nothing to fit. */
  PIXEL("pixel", List.of()),
  /** (x − min) / (max − min) per feature. */
  MIN_MAX("min_max", List.of("minimum", "maximum")),
  /** (x − mean) / std per feature, population std. */
  STANDARD("standard", List.of("mean", "std"));

  private final String jsonName;
  private final List<String> paramNames;

  ScalerType(String jsonName, List<String> paramNames) {
    this.jsonName = jsonName;
    this.paramNames = paramNames;
  }

  public String jsonName() {
    return jsonName;
  }

  /** Names of the fitted parameters, in d3rlpy's order. */
  public List<String> paramNames() {
    return paramNames;
  }

  public static ScalerType fromJsonName(String name) {
    for (ScalerType type : values()) {
      if (type.jsonName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "scaler: \""
            + name
            + "\" is not one of "
            + Arrays.stream(values()).map(t -> t.jsonName).collect(Collectors.joining(", ")));
  }
}
