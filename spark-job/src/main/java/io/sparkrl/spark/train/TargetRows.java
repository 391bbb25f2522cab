package io.sparkrl.spark.train;

import java.io.Serial;
import java.io.Serializable;

/**
 * Training rows with their targets, column by column: stage 1's output and stage 2's input. Row r
 * is transition {@code transitions[r]} (its number in the dataset's {@link
 * io.sparkrl.core.algo.TransitionIndex} order) with observation {@code observations[r·rowSize ..
 * (r+1)·rowSize)} (stacked and scaled, ready for the networks), action, λ-return and baseline V(s).
 *
 * @param transitions global transition numbers
 * @param rowSize values per observation row
 * @param observations {@code rows × rowSize} values
 * @param actions the actions
 * @param returns the λ-returns
 * @param baselines the critic's values
 */
public record TargetRows(
    long[] transitions,
    int rowSize,
    float[] observations,
    int[] actions,
    float[] returns,
    float[] baselines)
    implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks that the columns have one entry per row. */
  public TargetRows {
    int n = transitions.length;
    if (rowSize < 1
        || observations.length != (long) n * rowSize
        || actions.length != n
        || returns.length != n
        || baselines.length != n) {
      throw new IllegalArgumentException(
          "target rows: "
              + n
              + " transitions, "
              + observations.length
              + " observation values (rows of "
              + rowSize
              + "), "
              + actions.length
              + " actions, "
              + returns.length
              + " returns, "
              + baselines.length
              + " baselines");
    }
  }

  /** The number of rows. */
  public int size() {
    return transitions.length;
  }
}
