package io.sparkrl.core.preprocessing;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code color_jitter} as in RAD / d3rlpy: each sample's channels are taken as groups of 3 (RGB
 * frames, stacked frames in turn); one brightness, contrast, saturation and hue factor per sample,
 * each uniform in its range, is applied to every frame of the sample. In HSV space (H, S, V in [0,
 * 1]): {@code H ← (H + hue·255/360) mod 1} (d3rlpy's hue scaling), {@code S ← clip(S·saturation, 0,
 * 1)}, {@code V ← clip(V·brightness, 0, 1)}. Contrast works on RGB, per frame and channel with its
 * mean m over H×W: {@code x ← (x − m)·contrast + m}, applied before or after the HSV steps with
 * probability 1/2 each (drawn per sample). Values are expected in [0, 1] (after the pixel scaler).
 *
 * <p>Differences from d3rlpy v0.23, which are bugs there: d3rlpy computes contrast as {@code (x −
 * m)·(contrast + m)} and, when "contrast first" is drawn, discards the contrast result; it also
 * draws the order once per batch. With brightness, contrast and saturation ranges (1, 1) and hue
 * (0, 0), this augmentation is the identity up to float rounding on values in [0, 1].
 */
public final class ColorJitter extends ImageAugmentation {

  private static final long serialVersionUID = 1L;

  /** d3rlpy's default brightness, contrast and saturation range. */
  public static final List<Double> DEFAULT_FACTOR_RANGE = List.of(0.6, 1.4);

  /** d3rlpy's default hue range. */
  public static final List<Double> DEFAULT_HUE_RANGE = List.of(-0.5, 0.5);

  /** d3rlpy's scaling of the hue draw onto the [0, 1) hue circle. */
  public static final double HUE_SCALE = 255.0 / 360.0;

  private static final int RGB = 3;

  private final double[] brightness;
  private final double[] contrast;
  private final double[] saturation;
  private final double[] hue;

  /** Jitter with the given [low, high] ranges. */
  public ColorJitter(
      List<Double> brightness, List<Double> contrast, List<Double> saturation, List<Double> hue) {
    super("color_jitter");
    this.brightness = range("brightness", brightness);
    this.contrast = range("contrast", contrast);
    this.saturation = range("saturation", saturation);
    this.hue = range("hue", hue);
  }

  private static double[] range(String param, List<Double> range) {
    if (range.size() != 2 || !(range.get(0) <= range.get(1))) {
      throw new IllegalArgumentException(
          "augmentation color_jitter." + param + ": must be [low, high], got " + range);
    }
    return new double[] {range.get(0), range.get(1)};
  }

  @Override
  public void checkShape(int[] shape) {
    super.checkShape(shape);
    if (shape[0] % RGB != 0) {
      throw new IllegalArgumentException(
          "augmentation color_jitter needs a channel count divisible by 3 (stacked RGB frames),"
              + " got "
              + shape[0]
              + " channels");
    }
  }

  @Override
  void applySample(
      float[] batch, int offset, int c, int h, int w, float[] scratch, RandomGenerator rng) {
    boolean contrastFirst = rng.nextBoolean();
    double contrastFactor = AugmentationSupport.uniform(rng, contrast[0], contrast[1]);
    double hueShift = AugmentationSupport.uniform(rng, hue[0], hue[1]) * HUE_SCALE;
    double saturationFactor = AugmentationSupport.uniform(rng, saturation[0], saturation[1]);
    double brightnessFactor = AugmentationSupport.uniform(rng, brightness[0], brightness[1]);
    int plane = h * w;
    for (int group = 0; group < c / RGB; group++) {
      int base = offset + group * RGB * plane;
      if (contrastFirst) {
        contrast(batch, base, plane, contrastFactor);
      }
      double[] hsv = new double[RGB];
      for (int p = 0; p < plane; p++) {
        int r = base + p;
        int g = r + plane;
        int b = g + plane;
        toHsv(batch[r], batch[g], batch[b], hsv);
        double hh = (hsv[0] + hueShift) % 1.0;
        hh = hh < 0 ? hh + 1 : hh;
        double s = clip01(hsv[1] * saturationFactor);
        double v = clip01(hsv[2] * brightnessFactor);
        toRgb(clip01(hh), s, v, batch, r, plane);
      }
      if (!contrastFirst) {
        contrast(batch, base, plane, contrastFactor);
      }
    }
  }

  private static void contrast(float[] batch, int base, int plane, double factor) {
    for (int ch = 0; ch < RGB; ch++) {
      int start = base + ch * plane;
      double mean = 0;
      for (int p = 0; p < plane; p++) {
        mean += batch[start + p];
      }
      mean /= plane;
      for (int p = 0; p < plane; p++) {
        batch[start + p] = (float) ((batch[start + p] - mean) * factor + mean);
      }
    }
  }

  /** RGB to HSV, all in [0, 1]; hue 0 for greys. */
  static void toHsv(double r, double g, double b, double[] hsv) {
    double max = Math.max(r, Math.max(g, b));
    double min = Math.min(r, Math.min(g, b));
    double delta = max - min;
    double h;
    if (delta == 0) {
      h = 0;
    } else if (max == r) {
      h = ((g - b) / delta) / 6.0;
    } else if (max == g) {
      h = (2.0 + (b - r) / delta) / 6.0;
    } else {
      h = (4.0 + (r - g) / delta) / 6.0;
    }
    hsv[0] = h < 0 ? h + 1 : h;
    hsv[1] = max == 0 ? 0 : delta / max;
    hsv[2] = max;
  }

  /** HSV to RGB, written to {@code out[r]}, {@code out[r + plane]}, {@code out[r + 2·plane]}. */
  static void toRgb(double h, double s, double v, float[] out, int r, int plane) {
    double h6 = (h * 6.0) % 6.0;
    int sector = (int) Math.floor(h6);
    double f = h6 - sector;
    double p = v * (1 - s);
    double q = v * (1 - s * f);
    double t = v * (1 - s * (1 - f));
    double red;
    double green;
    double blue;
    switch (sector) {
      case 0 -> {
        red = v;
        green = t;
        blue = p;
      }
      case 1 -> {
        red = q;
        green = v;
        blue = p;
      }
      case 2 -> {
        red = p;
        green = v;
        blue = t;
      }
      case 3 -> {
        red = p;
        green = q;
        blue = v;
      }
      case 4 -> {
        red = t;
        green = p;
        blue = v;
      }
      default -> {
        red = v;
        green = p;
        blue = q;
      }
    }
    out[r] = (float) red;
    out[r + plane] = (float) green;
    out[r + 2 * plane] = (float) blue;
  }

  private static double clip01(double x) {
    return Math.max(0, Math.min(1, x));
  }
}
