package io.sparkrl.core.preprocessing;

import java.util.random.RandomGenerator;

/**
 * Vector augmentations {@code single_amplitude_scaling} ({@code x · z} with one z ~ U(minimum,
 * maximum) per sample) and {@code multiple_amplitude_scaling} (an independent z for every element).
 * Multiplicative as d3rlpy's code does (its docstring says {@code x + z}).
 */
public final class AmplitudeScaling implements ObservationAugmentation {

  private static final long serialVersionUID = 1L;

  /** d3rlpy's default {@code minimum}. */
  public static final double DEFAULT_MINIMUM = 0.8;

  /** d3rlpy's default {@code maximum}. */
  public static final double DEFAULT_MAXIMUM = 1.2;

  private final boolean perElement;
  private final double minimum;
  private final double maximum;

  private AmplitudeScaling(boolean perElement, double minimum, double maximum) {
    this.perElement = perElement;
    if (!(minimum <= maximum) || Double.isInfinite(minimum) || Double.isInfinite(maximum)) {
      throw new IllegalArgumentException(
          "augmentation "
              + name()
              + ": need finite minimum <= maximum, got ["
              + minimum
              + ", "
              + maximum
              + "]");
    }
    this.minimum = minimum;
    this.maximum = maximum;
  }

  /** One factor z ~ U(minimum, maximum) per sample. */
  public static AmplitudeScaling single(double minimum, double maximum) {
    return new AmplitudeScaling(false, minimum, maximum);
  }

  /** An independent factor z ~ U(minimum, maximum) per element. */
  public static AmplitudeScaling multiple(double minimum, double maximum) {
    return new AmplitudeScaling(true, minimum, maximum);
  }

  @Override
  public String name() {
    return perElement ? "multiple_amplitude_scaling" : "single_amplitude_scaling";
  }

  @Override
  public void checkShape(int[] shape) {
    AugmentationSupport.requireVector(name(), shape);
  }

  @Override
  public void apply(float[] batch, int rows, int[] shape, RandomGenerator rng) {
    checkShape(shape);
    int size = AugmentationSupport.rowSize(name(), batch, rows, shape);
    for (int r = 0; r < rows; r++) {
      double z = perElement ? 0 : AugmentationSupport.uniform(rng, minimum, maximum);
      for (int i = r * size, end = i + size; i < end; i++) {
        if (perElement) {
          z = AugmentationSupport.uniform(rng, minimum, maximum);
        }
        batch[i] = (float) (batch[i] * z);
      }
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
