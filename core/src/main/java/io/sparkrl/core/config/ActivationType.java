package io.sparkrl.core.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Activation of the encoders' hidden layers ({@code encoder_params.activation_type}). */
public enum ActivationType {
  RELU("relu"),
  /** x · sigmoid(x). */
  SWISH("swish");

  private final String jsonName;

  ActivationType(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  public static ActivationType fromJsonName(String name) {
    for (ActivationType type : values()) {
      if (type.jsonName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "encoder_params.activation_type: \""
            + name
            + "\" is not one of "
            + Arrays.stream(values()).map(t -> t.jsonName).collect(Collectors.joining(", ")));
  }
}
