package io.sparkrl.datasets.imports;

import io.sparkrl.datasets.validation.ValidationRule;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Flattens what jhdf returns for a dataset (a scalar or nested Java arrays of any numeric type,
 * booleans, or enum member names) into one row-major {@code double[]}.
 *
 * <p>jhdf widens unsigned integers (uint8 and uint16 to int, uint32 to long, uint64 to BigInteger)
 * and reads an HDF5 enum as its member names; numpy's bool is such an enum over int8 with members
 * FALSE = 0 and TRUE = 1. Doubles hold every integer up to 2^53 exactly, enough for actions, flags
 * and pixels.
 */
final class Hdf5Numbers {

  private Hdf5Numbers() {}

  /** All values of {@code data}, row-major; {@code source} and {@code dataset} name errors. */
  static double[] toDoubles(Object data, String source, String dataset) {
    if (data == null) {
      throw ImportException.of(
          source, dataset, ValidationRule.MISTYPED_COLUMN, "dataset " + dataset + " has no data");
    }
    if (!data.getClass().isArray()) {
      return new double[] {scalar(data, source, dataset)};
    }
    double[] out = new double[count(data)];
    int end = fill(data, out, 0, source, dataset);
    assert end == out.length;
    return out;
  }

  private static int count(Object array) {
    int n = Array.getLength(array);
    Class<?> component = array.getClass().getComponentType();
    if (!component.isArray()) {
      return n;
    }
    int total = 0;
    for (int i = 0; i < n; i++) {
      total = Math.addExact(total, count(Array.get(array, i)));
    }
    return total;
  }

  private static int fill(Object array, double[] out, int at, String source, String dataset) {
    if (array instanceof double[] a) {
      System.arraycopy(a, 0, out, at, a.length);
      return at + a.length;
    }
    if (array instanceof float[] a) {
      for (float v : a) {
        out[at++] = v;
      }
      return at;
    }
    if (array instanceof long[] a) {
      for (long v : a) {
        out[at++] = v;
      }
      return at;
    }
    if (array instanceof int[] a) {
      for (int v : a) {
        out[at++] = v;
      }
      return at;
    }
    if (array instanceof short[] a) {
      for (short v : a) {
        out[at++] = v;
      }
      return at;
    }
    if (array instanceof byte[] a) {
      for (byte v : a) {
        out[at++] = v;
      }
      return at;
    }
    if (array instanceof boolean[] a) {
      for (boolean v : a) {
        out[at++] = v ? 1 : 0;
      }
      return at;
    }
    if (array instanceof Object[] a) {
      for (Object element : a) {
        if (element != null && element.getClass().isArray()) {
          at = fill(element, out, at, source, dataset);
        } else {
          out[at++] = scalar(element, source, dataset);
        }
      }
      return at;
    }
    throw mistyped(array.getClass().getComponentType().getSimpleName(), source, dataset);
  }

  private static double scalar(Object value, String source, String dataset) {
    if (value instanceof BigInteger big) {
      return big.doubleValue();
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof Boolean flag) {
      return flag ? 1 : 0;
    }
    if (value instanceof String name) {
      // Member names of numpy's bool enum (h5py writes FALSE/TRUE).
      switch (name.trim().toUpperCase(Locale.ROOT)) {
        case "TRUE":
          return 1;
        case "FALSE":
          return 0;
        default:
          throw ImportException.of(
              source,
              dataset,
              ValidationRule.MISTYPED_COLUMN,
              "dataset " + dataset + ": value \"" + name + "\" is not a number or a boolean");
      }
    }
    throw mistyped(value == null ? "null" : value.getClass().getSimpleName(), source, dataset);
  }

  private static ImportException mistyped(String type, String source, String dataset) {
    return ImportException.of(
        source,
        dataset,
        ValidationRule.MISTYPED_COLUMN,
        "dataset " + dataset + " holds " + type + " values, expected numbers");
  }
}
