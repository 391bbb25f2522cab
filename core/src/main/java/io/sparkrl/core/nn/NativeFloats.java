package io.sparkrl.core.nn;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between the native memory of a FLOAT {@link INDArray} and Java {@code float[]}s,
 * through a direct {@link FloatBuffer} over the array's whole buffer (memory copies, no per-element
 * calls into ND4J). Indices are positions in the buffer, i.e. in the array's own element order.
 */
final class NativeFloats {

  private final INDArray array;
  private final FloatBuffer buffer;

  /**
   * @param array a FLOAT array that owns its whole buffer (not a view), of fewer than 2³¹ bytes
   * @throws IllegalArgumentException otherwise
   */
  NativeFloats(INDArray array) {
    if (!canWrap(array)) {
      throw new IllegalArgumentException(
          "bulk copies need a FLOAT array owning its buffer of under 2^31 bytes, got "
              + array.dataType()
              + " "
              + Arrays.toString(array.shape())
              + (array.isView() ? " (a view)" : ""));
    }
    this.array = array;
    this.buffer = array.data().asNioFloat();
    if (buffer.order() != ByteOrder.nativeOrder() || !buffer.isDirect()) {
      throw new IllegalStateException("ND4J's float buffer is not a direct native-order buffer");
    }
  }

  /** Whether {@code array} meets the constructor's conditions. */
  static boolean canWrap(INDArray array) {
    return array.dataType() == DataType.FLOAT
        && !array.isView()
        && array.data().offset() == 0
        && array.data().length() == array.length()
        && array.length() <= Integer.MAX_VALUE / Float.BYTES;
  }

  /** The array these copies read and write. */
  INDArray array() {
    return array;
  }

  /** Copies {@code length} values from buffer position {@code from} into {@code dst[offset…]}. */
  void get(long from, float[] dst, int offset, int length) {
    buffer.get((int) from, dst, offset, length);
  }

  /** Copies {@code src[offset…offset+length)} to buffer positions from {@code to}. */
  void put(float[] src, int offset, int length, long to) {
    buffer.put((int) to, src, offset, length);
  }
}
