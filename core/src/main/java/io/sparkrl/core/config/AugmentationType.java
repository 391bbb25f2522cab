package io.sparkrl.core.config;

import static io.sparkrl.core.config.AugmentationParam.doubleParam;
import static io.sparkrl.core.config.AugmentationParam.intParam;
import static io.sparkrl.core.config.AugmentationParam.rangeParam;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The augmentations of d3rlpy v0.23 with their parameters and defaults. */
public enum AugmentationType {
  RANDOM_SHIFT(true, "random_shift", List.of(intParam("shift_size", 4, 0, 1 << 16))),
  CUTOUT(true, "cutout", List.of(doubleParam("probability", 0.5, 0, 1))),
  HORIZONTAL_FLIP(true, "horizontal_flip", List.of(doubleParam("probability", 0.1, 0, 1))),
  VERTICAL_FLIP(true, "vertical_flip", List.of(doubleParam("probability", 0.1, 0, 1))),
  RANDOM_ROTATION(true, "random_rotation", List.of(doubleParam("degree", 5.0, 0, 180))),
  /** Multiplicative: x · (1 + scale · clip(N(0,1), −2, 2)), one factor per sample. */
  INTENSITY(true, "intensity", List.of(doubleParam("scale", 0.1, 0, Double.MAX_VALUE))),
  COLOR_JITTER(
      true,
      "color_jitter",
      List.of(
          rangeParam("brightness", 0.6, 1.4, 0, Double.MAX_VALUE),
          rangeParam("contrast", 0.6, 1.4, 0, Double.MAX_VALUE),
          rangeParam("saturation", 0.6, 1.4, 0, Double.MAX_VALUE),
          rangeParam("hue", -0.5, 0.5, -0.5, 0.5))),
  /** x · z with one z ~ U(minimum, maximum) per sample. */
  SINGLE_AMPLITUDE_SCALING(
      false,
      "single_amplitude_scaling",
      List.of(
          doubleParam("minimum", 0.8, 0, Double.MAX_VALUE),
          doubleParam("maximum", 1.2, 0, Double.MAX_VALUE))),
  /** x · z with an independent z ~ U(minimum, maximum) per element. */
  MULTIPLE_AMPLITUDE_SCALING(
      false,
      "multiple_amplitude_scaling",
      List.of(
          doubleParam("minimum", 0.8, 0, Double.MAX_VALUE),
          doubleParam("maximum", 1.2, 0, Double.MAX_VALUE)));

  private final boolean forImages;
  private final String jsonName;
  private final List<AugmentationParam> params;

  AugmentationType(boolean forImages, String jsonName, List<AugmentationParam> params) {
    this.forImages = forImages;
    this.jsonName = jsonName;
    this.params = params;
  }

  /** True for image (C×H×W) augmentations, false for vector ones. */
  public boolean forImages() {
    return forImages;
  }

  public String jsonName() {
    return jsonName;
  }

  public List<AugmentationParam> params() {
    return params;
  }

  public static AugmentationType fromJsonName(String name) {
    for (AugmentationType type : values()) {
      if (type.jsonName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "augmentation: \""
            + name
            + "\" is not one of "
            + Arrays.stream(values()).map(t -> t.jsonName).collect(Collectors.joining(", ")));
  }
}
