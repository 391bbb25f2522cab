package io.sparkrl.core.preprocessing;

import io.sparkrl.core.config.FittedArray;
import java.util.Arrays;

/**
 * Base of the fitted per-feature scalers: {@code y = (x − center) / divisor}, the same parameters
 * for every frame of a stacked row.
 *
 * <p>A divisor of 0 (a feature that was constant in the training data), or one whose reciprocal
 * overflows a float, is replaced by 1, so such a feature maps to {@code x − center} (0 on the
 * training data) instead of inf or NaN. d3rlpy has no such guard.
 */
abstract class AffineScaler implements ObservationScaler {

  private static final long serialVersionUID = 1L;

  private final int[] frameDims;
  private final int nFrames;
  private final float[] center;
  private final float[] inverseDivisor;

  AffineScaler(String name, int[] frameDims, int nFrames, double[] center, double[] divisor) {
    this.frameDims = ScalerChecks.dims(frameDims, nFrames, name);
    this.nFrames = nFrames;
    int size = ScalerChecks.size(frameDims);
    if (center.length != size || divisor.length != size) {
      throw new IllegalArgumentException(
          "scaler "
              + name
              + ": frame shape "
              + Arrays.toString(frameDims)
              + " has "
              + size
              + " features, the parameters have "
              + center.length
              + " and "
              + divisor.length);
    }
    this.center = new float[size];
    this.inverseDivisor = new float[size];
    for (int j = 0; j < size; j++) {
      this.center[j] = (float) center[j];
      float inverse = (float) (1.0 / divisor[j]);
      this.inverseDivisor[j] = divisor[j] == 0 || !Float.isFinite(inverse) ? 1f : inverse;
    }
  }

  @Override
  public final void transform(float[] batch, int rows) {
    int frameSize = center.length;
    int values = ScalerChecks.batch(batch, rows, rowSize(), getClass().getSimpleName());
    for (int start = 0; start < values; start += frameSize) {
      for (int j = 0; j < frameSize; j++) {
        batch[start + j] = (batch[start + j] - center[j]) * inverseDivisor[j];
      }
    }
  }

  @Override
  public final int[] frameDims() {
    return frameDims.clone();
  }

  @Override
  public final int nFrames() {
    return nFrames;
  }

  @Override
  public final float[] scale() {
    float[] scale = new float[rowSize()];
    for (int i = 0; i < scale.length; i++) {
      scale[i] = inverseDivisor[i % center.length];
    }
    return scale;
  }

  @Override
  public final float[] offset() {
    float[] offset = new float[rowSize()];
    for (int i = 0; i < offset.length; i++) {
      int j = i % center.length;
      offset[i] = (float) (-(double) center[j] * inverseDivisor[j]);
    }
    return offset;
  }

  /** A parameter in d3rlpy's stored shape {@code (1, ...frameDims)}. */
  final FittedArray fitted(double[] values) {
    int[] shape = new int[frameDims.length + 1];
    shape[0] = 1;
    System.arraycopy(frameDims, 0, shape, 1, frameDims.length);
    return new FittedArray(shape, values);
  }
}
