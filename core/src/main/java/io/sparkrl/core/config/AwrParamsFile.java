package io.sparkrl.core.config;

import java.util.Arrays;

/**
 * The contents of a d3rlpy {@code params.json}: the hyperparameters plus the observation shape and
 * action count that {@code fit} adds (both null in a plain configuration file).
 */
public record AwrParamsFile(AwrConfig config, int[] observationShape, Integer actionSize) {

  public AwrParamsFile {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    observationShape = observationShape == null ? null : observationShape.clone();
  }

  @Override
  public int[] observationShape() {
    return observationShape == null ? null : observationShape.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AwrParamsFile that
        && config.equals(that.config)
        && Arrays.equals(observationShape, that.observationShape)
        && java.util.Objects.equals(actionSize, that.actionSize);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(config, Arrays.hashCode(observationShape), actionSize);
  }

  @Override
  public String toString() {
    return "AwrParamsFile[config="
        + config
        + ", observationShape="
        + Arrays.toString(observationShape)
        + ", actionSize="
        + actionSize
        + "]";
  }
}
