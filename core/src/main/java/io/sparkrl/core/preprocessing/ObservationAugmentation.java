package io.sparkrl.core.preprocessing;

import java.io.Serializable;
import java.util.random.RandomGenerator;

/**
 * A random observation augmentation (d3rlpy's {@code augmentation}), applied to observation batches
 * in the update losses only — never to the values used in returns, to predictions or to exports.
 *
 * <p>Image augmentations work on observations of shape {@code [C, H, W]} (stacked frames count as
 * channels) and expect scaled values (after the scaler); vector augmentations on {@code
 * [features]}. Every draw comes from the given generator, so the same seed gives the same result.
 */
public interface ObservationAugmentation extends Serializable {

  /**
   * Augments {@code rows} observations of shape {@code shape} in place, from index 0 of {@code
   * batch} (row-major {@code [rows, ...shape]}), each row with its own random draws.
   *
   * @throws IllegalArgumentException if the shape is of the wrong kind (see {@link #checkShape}) or
   *     the batch holds fewer than {@code rows ×} shape size values
   */
  void apply(float[] batch, int rows, int[] shape, RandomGenerator rng);

  /** d3rlpy's name of the augmentation, e.g. {@code random_shift}. */
  String name();

  /**
   * Checks that this augmentation can work on observations of {@code shape}.
   *
   * @throws IllegalArgumentException naming the augmentation if it cannot (an image augmentation on
   *     vectors or the reverse, or {@code color_jitter} on a channel count not divisible by 3)
   */
  void checkShape(int[] shape);
}
