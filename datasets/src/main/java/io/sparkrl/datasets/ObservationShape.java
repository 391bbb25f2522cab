package io.sparkrl.datasets;

import java.util.Arrays;

/**
 * The shape of one observation: {@code [features]} for float vectors, {@code [C, H, W]} for uint8
 * images stored row-major.
 */
public record ObservationShape(int[] dims) implements java.io.Serializable {

  public ObservationShape {
    if (dims == null || (dims.length != 1 && dims.length != 3)) {
      throw new IllegalArgumentException(
          "observation shape must be [features] or [channels, height, width], got "
              + Arrays.toString(dims));
    }
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "observation shape dimensions must be >= 1, got " + Arrays.toString(dims));
      }
    }
    dims = dims.clone();
  }

  public static ObservationShape vector(int features) {
    return new ObservationShape(new int[] {features});
  }

  public static ObservationShape image(int channels, int height, int width) {
    return new ObservationShape(new int[] {channels, height, width});
  }

  @Override
  public int[] dims() {
    return dims.clone();
  }

  public boolean isImage() {
    return dims.length == 3;
  }

  /** Values per observation. */
  public int size() {
    int size = 1;
    for (int d : dims) {
      size *= d;
    }
    return size;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ObservationShape that && Arrays.equals(dims, that.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
