package io.sparkrl.datasets;

import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * A held-out slice of a dataset chosen by episode id: an episode is held out when a keyed hash of
 * its id falls below {@code fraction}. The choice depends on nothing but the id and the seed, so it
 * is the same on every executor, in every run and as the dataset grows (an episode never moves
 * between the slices).
 *
 * @param fraction the share of episodes held out, in [0, 1)
 * @param seed keys the hash
 */
public record HoldoutSplit(double fraction, long seed) implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

  /** Checks the fraction. */
  public HoldoutSplit {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("holdout fraction must be in [0, 1), got " + fraction);
    }
  }

  /** Whether episode {@code id} is held out. */
  public boolean heldOut(String id) {
    long h = seed;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xFF));
    }
    return (mix(h) >>> 11) * TWO_TO_MINUS_53 < fraction;
  }

  /** SplitMix64's finaliser (Stafford's variant 13). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
