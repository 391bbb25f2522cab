package io.sparkrl.core.preprocessing;

import java.util.random.RandomGenerator;

/**
 * {@code random_shift} (DrQ): replication-pad each sample by {@code shiftSize} pixels on every
 * side, then crop a random H×W window (offsets uniform in [0, 2·shiftSize] per sample, the same for
 * all channels). Every output value is a value of the replication-padded input.
 */
public final class RandomShift extends ImageAugmentation {

  private static final long serialVersionUID = 1L;

  /** d3rlpy's default {@code shift_size}. */
  public static final int DEFAULT_SHIFT_SIZE = 4;

  private final int shiftSize;

  /** A shift of up to {@code shiftSize} pixels in each direction. */
  public RandomShift(int shiftSize) {
    super("random_shift");
    if (shiftSize < 0) {
      throw new IllegalArgumentException(
          "augmentation random_shift.shift_size: must be >= 0, got " + shiftSize);
    }
    this.shiftSize = shiftSize;
  }

  @Override
  void applySample(
      float[] batch, int offset, int c, int h, int w, float[] scratch, RandomGenerator rng) {
    int dy = rng.nextInt(2 * shiftSize + 1) - shiftSize;
    int dx = rng.nextInt(2 * shiftSize + 1) - shiftSize;
    if (dx == 0 && dy == 0) {
      return;
    }
    System.arraycopy(batch, offset, scratch, 0, c * h * w);
    for (int ch = 0; ch < c; ch++) {
      int plane = ch * h * w;
      for (int y = 0; y < h; y++) {
        int sy = Math.min(Math.max(y + dy, 0), h - 1);
        for (int x = 0; x < w; x++) {
          int sx = Math.min(Math.max(x + dx, 0), w - 1);
          batch[offset + plane + y * w + x] = scratch[plane + sy * w + sx];
        }
      }
    }
  }
}
