package io.sparkrl.core.algo;

import io.sparkrl.datasets.Episode;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The transitions of a list of episodes as one flat index (d3rlpy's joined {@code transitions}
 * list): transition i is the pair (episode index, t) for t &lt; {@link Episode#transitionCount()},
 * in episode order, then step order. An epoch is a {@link #permutation random permutation} of the
 * index cut into {@link #batchCount batches} of {@code batchSize} consecutive entries; the
 * remainder is dropped (docs/design.md §1.2).
 *
 * <p>Immutable after construction; holds the episode list it was built from.
 */
public final class TransitionIndex {

  private final List<Episode> episodes;
  private final int[] episodeOf;
  private final int[] stepOf;

  /**
   * Indexes the transitions of {@code episodes}.
   *
   * @param episodes the episodes, in the order their indices refer to
   * @throws IllegalArgumentException if there are more than {@link Integer#MAX_VALUE} transitions
   */
  public TransitionIndex(List<Episode> episodes) {
    this.episodes = List.copyOf(episodes);
    long total = 0;
    for (Episode e : this.episodes) {
      total += e.transitionCount();
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many transitions to index: " + total);
    }
    episodeOf = new int[(int) total];
    stepOf = new int[(int) total];
    int i = 0;
    for (int e = 0; e < this.episodes.size(); e++) {
      int count = this.episodes.get(e).transitionCount();
      for (int t = 0; t < count; t++, i++) {
        episodeOf[i] = e;
        stepOf[i] = t;
      }
    }
  }

  /** The indexed episodes. */
  public List<Episode> episodes() {
    return episodes;
  }

  /** Number of transitions. */
  public int size() {
    return episodeOf.length;
  }

  /** Episode index of transition i. */
  public int episode(int i) {
    return episodeOf[i];
  }

  /** Step t of transition i within its episode. */
  public int step(int i) {
    return stepOf[i];
  }

  /**
   * A uniformly random permutation of 0..{@link #size()}−1 (Fisher–Yates, draws from {@code rng}).
   */
  public int[] permutation(RandomGenerator rng) {
    int[] p = new int[size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    for (int i = p.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  /**
   * Whole batches of {@code batchSize} in an epoch: {@code size() / batchSize}; the remainder is
   * dropped, and fewer transitions than {@code batchSize} give none.
   *
   * @throws IllegalArgumentException if {@code batchSize < 1}
   */
  public int batchCount(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
    }
    return size() / batchSize;
  }

  /**
   * Batch {@code itr} of an epoch ordered by {@code permutation}: the transitions at positions
   * {@code itr·batchSize .. (itr+1)·batchSize} of the permuted order, as (episode index, t) pairs.
   *
   * @throws IllegalArgumentException if the permutation is not of this index's size or {@code itr}
   *     is out of range
   */
  public int[][] batch(EpochPermutation permutation, int itr, int batchSize) {
    if (permutation.size() != size()) {
      throw new IllegalArgumentException(
          "permutation of " + permutation.size() + " entries for " + size() + " transitions");
    }
    checkIteration(itr, batchSize);
    int[][] out = new int[batchSize][];
    for (int k = 0; k < batchSize; k++) {
      int i = (int) permutation.indexAt((long) itr * batchSize + k);
      out[k] = new int[] {episodeOf[i], stepOf[i]};
    }
    return out;
  }

  /** Every transition as its (episode index, t) pair, in index order. */
  public int[][] pairs() {
    int[][] out = new int[size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new int[] {episodeOf[i], stepOf[i]};
    }
    return out;
  }

  private void checkIteration(int itr, int batchSize) {
    int count = batchCount(batchSize);
    if (itr < 0 || itr >= count) {
      throw new IllegalArgumentException(
          "iteration " + itr + " is outside [0, " + count + ") for batch_size " + batchSize);
    }
  }

  /**
   * Batch {@code itr} of an epoch: the transitions at {@code permutation[itr·batchSize ..
   * (itr+1)·batchSize)} as (episode index, t) pairs.
   *
   * @param permutation from {@link #permutation}
   * @param itr the iteration within the epoch, in [0, {@link #batchCount})
   * @param batchSize transitions per batch
   * @return {@code batchSize} pairs {@code {episode, t}}
   * @throws IllegalArgumentException if the permutation is not of this index's size or {@code itr}
   *     is out of range
   */
  public int[][] batch(int[] permutation, int itr, int batchSize) {
    if (permutation.length != size()) {
      throw new IllegalArgumentException(
          "permutation of " + permutation.length + " entries for " + size() + " transitions");
    }
    checkIteration(itr, batchSize);
    int[][] out = new int[batchSize][];
    for (int k = 0; k < batchSize; k++) {
      int i = permutation[itr * batchSize + k];
      out[k] = new int[] {episodeOf[i], stepOf[i]};
    }
    return out;
  }
}
