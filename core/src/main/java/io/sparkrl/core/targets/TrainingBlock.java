package io.sparkrl.core.targets;

import java.io.Serial;
import java.io.Serializable;

/**
 * Training rows of consecutive transitions, column by column: row i is global transition {@link
 * #firstTransition()} + i, with its stacked, scaled observation (ready for the network), its
 * action, its TD(λ) return G and its baseline V(s_t) from the round's critic. One block holds whole
 * episodes, consecutive in the global numbering, or ({@link #ofRows}) the last rows of episodes,
 * each row with its own index.
 *
 * <p>The arrays are owned by the block and not copied; callers must not change them.
 */
public final class TrainingBlock implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private final long firstTransition;
  private final long[] indices;
  private final int[] inputShape;
  private final int rowSize;
  private final float[] observations;
  private final int[] actions;
  private final float[] returns;
  private final float[] baselines;

  /**
   * @param firstTransition global index of row 0
   * @param inputShape the network's input shape per row
   * @param observations {@code rows × rowSize} values, row-major
   * @param actions one action per row
   * @param returns one λ-return per row
   * @param baselines one V(s_t) per row
   * @throws IllegalArgumentException if the lengths disagree
   */
  public TrainingBlock(
      long firstTransition,
      int[] inputShape,
      float[] observations,
      int[] actions,
      float[] returns,
      float[] baselines) {
    this(firstTransition, null, inputShape, observations, actions, returns, baselines);
  }

  /**
   * A block whose row i is transition {@code indices[i]} (the indices are taken, not copied).
   *
   * @throws IllegalArgumentException if the lengths disagree
   */
  public static TrainingBlock ofRows(
      long[] indices,
      int[] inputShape,
      float[] observations,
      int[] actions,
      float[] returns,
      float[] baselines) {
    if (indices.length != actions.length || indices.length == 0) {
      throw new IllegalArgumentException(
          "training block: " + indices.length + " indices for " + actions.length + " rows");
    }
    return new TrainingBlock(
        indices[0], indices, inputShape, observations, actions, returns, baselines);
  }

  private TrainingBlock(
      long firstTransition,
      long[] indices,
      int[] inputShape,
      float[] observations,
      int[] actions,
      float[] returns,
      float[] baselines) {
    int size = 1;
    for (int d : inputShape) {
      size *= d;
    }
    int rows = actions.length;
    if (returns.length != rows
        || baselines.length != rows
        || observations.length != (long) rows * size) {
      throw new IllegalArgumentException(
          "training block: "
              + rows
              + " actions, "
              + returns.length
              + " returns, "
              + baselines.length
              + " baselines, "
              + observations.length
              + " observation values (rows of "
              + size
              + ")");
    }
    this.firstTransition = firstTransition;
    this.indices = indices;
    this.inputShape = inputShape.clone();
    this.rowSize = size;
    this.observations = observations;
    this.actions = actions;
    this.returns = returns;
    this.baselines = baselines;
  }

  /**
   * Global index of row 0; row i is transition {@code firstTransition() + i}.
   *
   * @throws IllegalStateException for a block {@link #ofRows} (use {@link #transitionIndex})
   */
  public long firstTransition() {
    if (indices != null) {
      throw new IllegalStateException("a block of episodes' last rows has no consecutive rows");
    }
    return firstTransition;
  }

  /** Rows (transitions) in the block. */
  public int size() {
    return actions.length;
  }

  /** Global index of row i. */
  public long transitionIndex(int i) {
    return indices != null ? indices[i] : firstTransition + i;
  }

  /** Global indices of all rows, ascending. */
  public long[] transitionIndices() {
    if (indices != null) {
      return indices.clone();
    }
    long[] out = new long[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = firstTransition + i;
    }
    return out;
  }

  /** The network's input shape per row. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** Values per observation row. */
  public int rowSize() {
    return rowSize;
  }

  /** Stacked, scaled observations, {@code size() × rowSize()} values. Do not modify. */
  public float[] observations() {
    return observations;
  }

  /** Actions. Do not modify. */
  public int[] actions() {
    return actions;
  }

  /** TD(λ) returns G_t. Do not modify. */
  public float[] returns() {
    return returns;
  }

  /** Baselines V(s_t). Do not modify. */
  public float[] baselines() {
    return baselines;
  }
}
