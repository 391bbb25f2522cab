package io.sparkrl.core.preprocessing;

import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.config.ScalerType;
import java.util.Arrays;

/** d3rlpy's {@code pixel} scaler: {@code x / 255}. Nothing to fit. */
public final class PixelScaler implements ObservationScaler {

  private static final long serialVersionUID = 1L;

  /** The divisor of the pixel scaler. */
  public static final float PIXEL_RANGE = 255f;

  private final int[] frameDims;
  private final int nFrames;

  /**
   * A pixel scaler for stacked observations of {@code nFrames} frames of shape {@code frameDims}.
   */
  public PixelScaler(int[] frameDims, int nFrames) {
    this.frameDims = ScalerChecks.dims(frameDims, nFrames, "pixel");
    this.nFrames = nFrames;
  }

  @Override
  public void transform(float[] batch, int rows) {
    int n = ScalerChecks.batch(batch, rows, rowSize(), "pixel");
    for (int i = 0; i < n; i++) {
      batch[i] /= PIXEL_RANGE;
    }
  }

  @Override
  public ScalerSpec toSpec() {
    return ScalerSpec.of(ScalerType.PIXEL);
  }

  @Override
  public int[] frameDims() {
    return frameDims.clone();
  }

  @Override
  public int nFrames() {
    return nFrames;
  }

  @Override
  public float[] scale() {
    float[] scale = new float[rowSize()];
    Arrays.fill(scale, 1f / PIXEL_RANGE);
    return scale;
  }

  @Override
  public float[] offset() {
    return new float[rowSize()];
  }

  @Override
  public String toString() {
    return "PixelScaler" + Arrays.toString(frameDims) + "x" + nFrames;
  }
}
