package io.sparkrl.core.config;

import java.util.List;

/**
 * d3rlpy's {@code encoder_params}. A null field was not given and takes the default of the encoder
 * that uses it, so a {@code params.json} written back holds exactly the keys that were set.
 *
 * @param hiddenUnits widths of the vector encoder's hidden layers (default [256, 256])
 * @param filters the pixel encoder's convolutions (default Nature DQN: (32,8,4), (64,4,2),
 *     (64,3,1))
 * @param featureSize width of the pixel encoder's last linear layer (default 512)
 * @param activationType hidden activation (default relu)
 */
public record EncoderParams(
    List<Integer> hiddenUnits,
    List<ConvFilter> filters,
    Integer featureSize,
    ActivationType activationType)
    implements java.io.Serializable {

  public static final String KEY_HIDDEN_UNITS = "hidden_units";
  public static final String KEY_FILTERS = "filters";
  public static final String KEY_FEATURE_SIZE = "feature_size";
  public static final String KEY_ACTIVATION_TYPE = "activation_type";

  public static final List<Integer> DEFAULT_HIDDEN_UNITS = List.of(256, 256);
  public static final List<ConvFilter> DEFAULT_FILTERS =
      List.of(new ConvFilter(32, 8, 4), new ConvFilter(64, 4, 2), new ConvFilter(64, 3, 1));
  public static final int DEFAULT_FEATURE_SIZE = 512;
  public static final ActivationType DEFAULT_ACTIVATION = ActivationType.RELU;

  /** No key set: every encoder uses its defaults. */
  public static final EncoderParams DEFAULTS = new EncoderParams(null, null, null, null);

  public EncoderParams {
    if (hiddenUnits != null) {
      if (hiddenUnits.isEmpty()) {
        throw new IllegalArgumentException("encoder_params.hidden_units: must not be empty");
      }
      for (Integer units : hiddenUnits) {
        if (units == null || units < 1) {
          throw new IllegalArgumentException(
              "encoder_params.hidden_units: each width must be >= 1, got " + hiddenUnits);
        }
      }
      hiddenUnits = List.copyOf(hiddenUnits);
    }
    if (filters != null) {
      if (filters.isEmpty()) {
        throw new IllegalArgumentException("encoder_params.filters: must not be empty");
      }
      filters = List.copyOf(filters);
    }
    if (featureSize != null && featureSize < 1) {
      throw new IllegalArgumentException(
          "encoder_params.feature_size: must be >= 1, got " + featureSize);
    }
  }

  public List<Integer> hiddenUnitsOrDefault() {
    return hiddenUnits == null ? DEFAULT_HIDDEN_UNITS : hiddenUnits;
  }

  public List<ConvFilter> filtersOrDefault() {
    return filters == null ? DEFAULT_FILTERS : filters;
  }

  public int featureSizeOrDefault() {
    return featureSize == null ? DEFAULT_FEATURE_SIZE : featureSize;
  }

  public ActivationType activationOrDefault() {
    return activationType == null ? DEFAULT_ACTIVATION : activationType;
  }
}
