package io.sparkrl.core.preprocessing;

import java.util.random.RandomGenerator;

/**
 * {@code random_rotation} (kornia {@code RandomRotation}): each sample rotated about the image
 * centre ((W−1)/2, (H−1)/2) by an angle uniform in [−degree, degree], with bilinear interpolation
 * and zeros outside the image. A positive angle turns the image counter-clockwise as displayed
 * (rows top to bottom), as OpenCV's and kornia's rotation matrices do. An angle of 0 leaves the
 * sample unchanged exactly.
 */
public final class RandomRotation extends ImageAugmentation {

  private static final long serialVersionUID = 1L;

  /** d3rlpy's default largest rotation in degrees. */
  public static final double DEFAULT_DEGREE = 5.0;

  private final double degree;

  /** Rotations of up to {@code degree} degrees either way. */
  public RandomRotation(double degree) {
    super("random_rotation");
    if (!(degree >= 0 && degree <= 180)) {
      throw new IllegalArgumentException(
          "augmentation random_rotation.degree: must be in [0, 180], got " + degree);
    }
    this.degree = degree;
  }

  @Override
  void applySample(
      float[] batch, int offset, int c, int h, int w, float[] scratch, RandomGenerator rng) {
    double angle = Math.toRadians(AugmentationSupport.uniform(rng, -degree, degree));
    rotate(batch, offset, c, h, w, angle, scratch);
  }

  /** Rotates the C×H×W sample at {@code offset} by {@code angle} radians, in place. */
  static void rotate(float[] batch, int offset, int c, int h, int w, double angle, float[] tmp) {
    if (angle == 0) {
      return;
    }
    System.arraycopy(batch, offset, tmp, 0, c * h * w);
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // Inverse of the forward map dst = R(angle)·(src − centre) + centre.
        double sx = cos * (x - cx) - sin * (y - cy) + cx;
        double sy = sin * (x - cx) + cos * (y - cy) + cy;
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        for (int ch = 0; ch < c; ch++) {
          int plane = ch * h * w;
          double v =
              (1 - fy)
                      * ((1 - fx) * at(tmp, plane, h, w, y0, x0)
                          + fx * at(tmp, plane, h, w, y0, x0 + 1))
                  + fy
                      * ((1 - fx) * at(tmp, plane, h, w, y0 + 1, x0)
                          + fx * at(tmp, plane, h, w, y0 + 1, x0 + 1));
          batch[offset + plane + y * w + x] = (float) v;
        }
      }
    }
  }

  private static double at(float[] img, int plane, int h, int w, int y, int x) {
    return y < 0 || y >= h || x < 0 || x >= w ? 0 : img[plane + y * w + x];
  }
}
