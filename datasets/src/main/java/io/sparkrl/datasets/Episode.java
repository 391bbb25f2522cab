package io.sparkrl.datasets;

import java.util.Arrays;

/**
 * One validated episode: rows t = 0..n−1 in step order, each with observation s_t, action a_t and
 * the reward r_t received for taking a_t in s_t.
 *
 * <p>Transitions (docs/design.md §2): row t's successor state is row t+1's observation. If the
 * episode ended {@link EndKind#TERMINAL}, its last row is a transition too, with no successor and
 * no bootstrap, so there are n transitions. If it was cut off ({@link EndKind#TIMEOUT}), the last
 * row is only the bootstrap state s_T of the row before it, so there are n−1 transitions.
 *
 * <p>Observations are held flat: float vectors, or uint8 images (C×H×W, row-major) read as 0..255.
 * Arrays are owned by the episode and not copied on access; callers must not change them.
 */
public final class Episode {

  private final String id;
  private final ObservationShape shape;
  private final float[] vectors;
  private final byte[] images;
  private final int[] actions;
  private final float[] rewards;
  private final float[] actionProbs;
  private final EndKind end;

  private Episode(
      String id,
      ObservationShape shape,
      float[] vectors,
      byte[] images,
      int[] actions,
      float[] rewards,
      float[] actionProbs,
      EndKind end) {
    int n = actions.length;
    if (n < 1) {
      throw new IllegalArgumentException("episode " + id + ": has no rows");
    }
    if (rewards.length != n || (actionProbs != null && actionProbs.length != n)) {
      throw new IllegalArgumentException("episode " + id + ": column lengths disagree");
    }
    int stored = vectors != null ? vectors.length : images.length;
    if (stored != n * shape.size()) {
      throw new IllegalArgumentException(
          "episode "
              + id
              + ": "
              + stored
              + " observation values for "
              + n
              + " rows of shape "
              + shape);
    }
    if (shape.isImage() != (images != null)) {
      throw new IllegalArgumentException(
          "episode " + id + ": shape " + shape + " does not match the observation storage");
    }
    this.id = id;
    this.shape = shape;
    this.vectors = vectors;
    this.images = images;
    this.actions = actions;
    this.rewards = rewards;
    this.actionProbs = actionProbs;
    this.end = end;
  }

  /** An episode of vector observations, {@code observations} holding n × features values. */
  public static Episode ofVectors(
      String id,
      int features,
      float[] observations,
      int[] actions,
      float[] rewards,
      float[] actionProbs,
      EndKind end) {
    return new Episode(
        id,
        ObservationShape.vector(features),
        observations,
        null,
        actions,
        rewards,
        actionProbs,
        end);
  }

  /** An episode of uint8 images, {@code frames} holding n × C×H×W bytes. */
  public static Episode ofImages(
      String id,
      ObservationShape shape,
      byte[] frames,
      int[] actions,
      float[] rewards,
      float[] actionProbs,
      EndKind end) {
    return new Episode(id, shape, null, frames, actions, rewards, actionProbs, end);
  }

  public String id() {
    return id;
  }

  public ObservationShape shape() {
    return shape;
  }

  public EndKind end() {
    return end;
  }

  /** Rows in the episode. */
  public int length() {
    return actions.length;
  }

  /** Transitions the algorithm learns from: n if terminal, n − 1 if cut off. */
  public int transitionCount() {
    return end == EndKind.TERMINAL ? length() : length() - 1;
  }

  /** True if transition t has a successor state (row t + 1). */
  public boolean hasNext(int t) {
    return t + 1 < length();
  }

  /** True if transition t ends in a true terminal state (no bootstrap). */
  public boolean isTerminal(int t) {
    return end == EndKind.TERMINAL && t == length() - 1;
  }

  /**
   * True if transition t is the last of a cut-off episode: its successor s_T is real, but the
   * episode was stopped there, so the return bootstraps from V(s_T).
   */
  public boolean isTimeout(int t) {
    return end == EndKind.TIMEOUT && t == length() - 2;
  }

  /**
   * Copies transition t's successor state s_{t+1} into {@code dst} at {@code offset}; zeros when
   * the transition ends in a terminal state (it has no successor).
   */
  public void copyNextObservation(int t, float[] dst, int offset) {
    if (hasNext(t)) {
      copyObservation(t + 1, dst, offset);
    } else {
      java.util.Arrays.fill(dst, offset, offset + shape.size(), 0f);
    }
  }

  public int action(int t) {
    return actions[t];
  }

  public float reward(int t) {
    return rewards[t];
  }

  /** The behaviour policy's probability of a_t, or NaN if the dataset has none. */
  public float actionProb(int t) {
    return actionProbs == null ? Float.NaN : actionProbs[t];
  }

  public boolean hasActionProbs() {
    return actionProbs != null;
  }

  /** Observation value i of row t (images as 0..255). */
  public float observation(int t, int i) {
    int at = t * shape.size() + i;
    return vectors != null ? vectors[at] : (images[at] & 0xFF);
  }

  /** Copies row t's observation into {@code dst} at {@code offset} (images as 0..255). */
  public void copyObservation(int t, float[] dst, int offset) {
    int size = shape.size();
    if (vectors != null) {
      System.arraycopy(vectors, t * size, dst, offset, size);
    } else {
      for (int i = 0, at = t * size; i < size; i++, at++) {
        dst[offset + i] = images[at] & 0xFF;
      }
    }
  }

  /** Row t's observation as a new float array. */
  public float[] observation(int t) {
    float[] out = new float[shape.size()];
    copyObservation(t, out, 0);
    return out;
  }

  /** The raw flat vector observations, or null for images. Do not modify. */
  public float[] vectorData() {
    return vectors;
  }

  /** The raw flat uint8 frames, or null for vectors. Do not modify. */
  public byte[] imageData() {
    return images;
  }

  /** Actions of all rows. Do not modify. */
  public int[] actions() {
    return actions;
  }

  /** Rewards of all rows. Do not modify. */
  public float[] rewards() {
    return rewards;
  }

  @Override
  public String toString() {
    return "Episode[" + id + ", " + length() + " rows, " + shape + ", " + end + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Episode that
        && id.equals(that.id)
        && shape.equals(that.shape)
        && end == that.end
        && Arrays.equals(vectors, that.vectors)
        && Arrays.equals(images, that.images)
        && Arrays.equals(actions, that.actions)
        && Arrays.equals(rewards, that.rewards)
        && Arrays.equals(actionProbs, that.actionProbs);
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + Arrays.hashCode(actions);
  }
}
