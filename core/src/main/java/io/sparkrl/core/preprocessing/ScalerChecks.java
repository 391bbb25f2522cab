package io.sparkrl.core.preprocessing;

import java.util.Arrays;

/** Argument checks shared by the scalers. */
final class ScalerChecks {

  private ScalerChecks() {}

  static int[] dims(int[] frameDims, int nFrames, String scaler) {
    if (frameDims == null || frameDims.length == 0) {
      throw new IllegalArgumentException(
          "scaler " + scaler + ": frame shape is required, got " + Arrays.toString(frameDims));
    }
    for (int d : frameDims) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "scaler "
                + scaler
                + ": frame dimensions must be >= 1, got "
                + Arrays.toString(frameDims));
      }
    }
    if (nFrames < 1) {
      throw new IllegalArgumentException(
          "scaler " + scaler + ": n_frames must be >= 1, got " + nFrames);
    }
    return frameDims.clone();
  }

  static int batch(float[] batch, int rows, int rowSize, String scaler) {
    long needed = (long) rows * rowSize;
    if (rows < 0 || needed > batch.length) {
      throw new IllegalArgumentException(
          "scaler "
              + scaler
              + ": "
              + rows
              + " rows of "
              + rowSize
              + " values need "
              + needed
              + " values, the batch holds "
              + batch.length);
    }
    return (int) needed;
  }

  static int size(int[] dims) {
    int size = 1;
    for (int d : dims) {
      size *= d;
    }
    return size;
  }
}
