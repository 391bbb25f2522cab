package io.sparkrl.core.algo;

import java.io.Serial;
import java.io.Serializable;

/**
 * A pseudo-random permutation of {@code 0..n−1} that is a pure function of {@code (n, key)} and
 * never materialised: {@link #position(long)} says where transition i lands in the epoch's order
 * and {@link #indexAt(long)} which transition sits at a position. Each executor can place its own
 * transitions into the epoch's batches without the driver holding an array of n entries, and the
 * single-process {@code fit} uses the very same order.
 *
 * <p>It is a balanced Feistel network of {@value #ROUNDS} rounds over the smallest even-bit power
 * of two {@code ≥ n} (at most 4n), keyed by {@code key}, with cycle walking: values that land
 * outside {@code [0, n)} are mapped again until they land inside, which keeps it a bijection on
 * {@code [0, n)} and costs fewer than four rounds of walking on average.
 */
public final class EpochPermutation implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Feistel rounds; six make the order statistically indistinguishable from a shuffle here. */
  public static final int ROUNDS = 6;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final long n;
  private final long key;
  private final int halfBits;
  private final long halfMask;

  /**
   * The permutation of {@code 0..n−1} for {@code key}.
   *
   * @throws IllegalArgumentException if {@code n < 0} or {@code n > 2^62}
   */
  public EpochPermutation(long n, long key) {
    if (n < 0 || n > (1L << 62)) {
      throw new IllegalArgumentException("permutation size must be in [0, 2^62], got " + n);
    }
    this.n = n;
    this.key = key;
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1)));
    this.halfBits = (bits + 1) / 2;
    this.halfMask = (1L << halfBits) - 1;
  }

  /**
   * The permutation of epoch {@code epoch} of a run seeded with {@code seed}: the key is a mix of
   * both, so the order of every epoch is known up front (a resumed run sees the same orders).
   */
  public static EpochPermutation forEpoch(long n, long seed, long epoch) {
    return new EpochPermutation(n, mix(seed ^ mix(epoch + GOLDEN)));
  }

  /** The number of elements. */
  public long size() {
    return n;
  }

  /**
   * The position of element {@code index} in the permuted order.
   *
   * @throws IllegalArgumentException if {@code index} is outside {@code [0, n)}
   */
  public long position(long index) {
    check(index, "index");
    long x = index;
    do {
      x = encrypt(x);
    } while (x >= n);
    return x;
  }

  /**
   * The element at {@code position} of the permuted order: the inverse of {@link #position}.
   *
   * @throws IllegalArgumentException if {@code position} is outside {@code [0, n)}
   */
  public long indexAt(long position) {
    check(position, "position");
    long x = position;
    do {
      x = decrypt(x);
    } while (x >= n);
    return x;
  }

  private long encrypt(long x) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (int r = 0; r < ROUNDS; r++) {
      long next = left ^ round(r, right);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }

  private long decrypt(long x) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (int r = ROUNDS - 1; r >= 0; r--) {
      long previous = right ^ round(r, left);
      right = left;
      left = previous;
    }
    return (left << halfBits) | right;
  }

  private long round(int r, long half) {
    return mix(key + GOLDEN * (r + 1) + half) & halfMask;
  }

  private void check(long value, String what) {
    if (value < 0 || value >= n) {
      throw new IllegalArgumentException(what + " " + value + " is outside [0, " + n + ")");
    }
  }

  /** SplitMix64's finaliser (Stafford's variant 13). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
