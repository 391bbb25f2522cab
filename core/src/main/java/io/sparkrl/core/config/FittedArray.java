package io.sparkrl.core.config;

import java.util.Arrays;

/**
 * A fitted scaler parameter (per-feature minimum, maximum, mean or std) with its shape as d3rlpy
 * stores it, e.g. (1, obs_dim). Values are row-major.
 */
public record FittedArray(int[] shape, double[] values) implements java.io.Serializable {

  public FittedArray {
    long size = 1;
    for (int dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      size *= dim;
    }
    if (size != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + size + " values, got " + values.length);
    }
    shape = shape.clone();
    values = values.clone();
  }

  public static FittedArray vector(double... values) {
    return new FittedArray(new int[] {1, values.length}, values);
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  public int size() {
    return values.length;
  }

  public double get(int index) {
    return values[index];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FittedArray that
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "FittedArray" + Arrays.toString(shape) + Arrays.toString(values);
  }
}
