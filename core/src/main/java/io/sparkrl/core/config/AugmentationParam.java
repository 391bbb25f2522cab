package io.sparkrl.core.config;

import java.util.List;

/**
 * One parameter of an augmentation: its JSON name, kind, default and allowed closed interval. A
 * RANGE parameter is a pair [low, high] with both ends in the interval and low <= high.
 */
public record AugmentationParam(
    String name, Kind kind, Object defaultValue, double min, double max) {

  /** How a parameter is written in JSON. */
  public enum Kind {
    INT,
    DOUBLE,
    RANGE
  }

  static AugmentationParam intParam(String name, int defaultValue, double min, double max) {
    return new AugmentationParam(name, Kind.INT, defaultValue, min, max);
  }

  static AugmentationParam doubleParam(String name, double defaultValue, double min, double max) {
    return new AugmentationParam(name, Kind.DOUBLE, defaultValue, min, max);
  }

  static AugmentationParam rangeParam(
      String name, double low, double high, double min, double max) {
    return new AugmentationParam(name, Kind.RANGE, List.of(low, high), min, max);
  }

  /** Checks a value of this parameter and returns it in canonical form (Integer, Double, List). */
  Object check(String augmentation, Object value) {
    String where = "augmentation " + augmentation + "." + name;
    switch (kind) {
      case INT -> {
        if (!(value instanceof Integer i)) {
          throw new IllegalArgumentException(where + ": must be an integer, got " + value);
        }
        inBounds(where, i);
        return i;
      }
      case DOUBLE -> {
        if (!(value instanceof Number n)) {
          throw new IllegalArgumentException(where + ": must be a number, got " + value);
        }
        inBounds(where, n.doubleValue());
        return n.doubleValue();
      }
      default -> {
        if (!(value instanceof List<?> list)
            || list.size() != 2
            || !(list.get(0) instanceof Number)
            || !(list.get(1) instanceof Number)) {
          throw new IllegalArgumentException(
              where + ": must be a pair [low, high] of numbers, got " + value);
        }
        double low = ((Number) list.get(0)).doubleValue();
        double high = ((Number) list.get(1)).doubleValue();
        inBounds(where, low);
        inBounds(where, high);
        if (low > high) {
          throw new IllegalArgumentException(
              where + ": low must be <= high, got [" + low + ", " + high + "]");
        }
        return List.of(low, high);
      }
    }
  }

  private void inBounds(String where, double v) {
    if (!(v >= min && v <= max)) {
      throw new IllegalArgumentException(
          where + ": must be in [" + min + ", " + max + "], got " + v);
    }
  }
}
