package io.sparkrl.core.train;

import java.util.List;

/**
 * The element-wise mean of K workers' arrays in one fixed order of additions, so that every way of
 * computing it gives the same floats: in one JVM over a list, or across machines along a binary
 * tree of workers (worker r's children are 2r+1 and 2r+2). The partial sum of worker r is {@code
 * x_r + partial(2r+1) + partial(2r+2)}, added left to right in double; the mean is {@code (float)
 * (partial(0) / K)}. A network exchange ({@code TreeExchange} in the Spark job) sends each partial
 * to its parent and the mean back down, doing exactly these additions.
 */
public final class TreeMean {

  private TreeMean() {}

  /**
   * The mean of {@code arrays} (worker r's array at index r), in the tree order.
   *
   * @throws IllegalArgumentException if the list is empty or the lengths differ
   */
  public static float[] mean(List<float[]> arrays) {
    if (arrays.isEmpty()) {
      throw new IllegalArgumentException("no arrays to average");
    }
    int n = arrays.get(0).length;
    for (float[] a : arrays) {
      if (a.length != n) {
        throw new IllegalArgumentException(
            "arrays of " + a.length + " and " + n + " values cannot be averaged");
      }
    }
    double[] sum = partial(arrays, 0);
    return divide(sum, arrays.size());
  }

  /** Worker r's partial sum: its own values, then its children's partials, in double. */
  static double[] partial(List<float[]> arrays, int r) {
    double[] sum = toDouble(arrays.get(r));
    for (int child : children(r, arrays.size())) {
      addInto(sum, partial(arrays, child));
    }
    return sum;
  }

  /**
   * The children of worker {@code r} among {@code k} workers, in the order their sums are added.
   */
  public static int[] children(int r, int k) {
    int left = 2 * r + 1;
    int right = left + 1;
    if (right < k) {
      return new int[] {left, right};
    }
    return left < k ? new int[] {left} : new int[0];
  }

  /** The parent of worker {@code r > 0}. */
  public static int parent(int r) {
    return (r - 1) / 2;
  }

  /** {@code values} in double. */
  public static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** {@code sum += other}, element by element. */
  public static void addInto(double[] sum, double[] other) {
    if (other.length != sum.length) {
      throw new IllegalArgumentException(
          "partial sums of " + other.length + " and " + sum.length + " values");
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other[i];
    }
  }

  /** {@code (float) (sum / k)} element by element: the root's last step. */
  public static float[] divide(double[] sum, int k) {
    float[] out = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      out[i] = (float) (sum[i] / k);
    }
    return out;
  }
}
