package io.sparkrl.core.train;

import java.util.List;

/**
 * The iterations {@code [firstIteration, endIteration)} of an epoch that share one computation of
 * the returns (stage 1), and the groups that train them.
 *
 * @param epoch the epoch
 * @param index the round's number within the epoch
 * @param firstIteration the round's first iteration
 * @param endIteration one past its last iteration
 * @param groups the groups, in order
 */
public record RoundPlan(
    int epoch, int index, int firstIteration, int endIteration, List<GroupPlan> groups) {

  /** Copies the groups. */
  public RoundPlan {
    groups = List.copyOf(groups);
  }

  /** Number of iterations in the round. */
  public int iterations() {
    return endIteration - firstIteration;
  }
}
