package io.sparkrl.core.ope;

import io.sparkrl.core.algo.ObservationBatch;
import io.sparkrl.datasets.Episode;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One worker's share of FQE's training data, prepared once and reused by every period: each
 * transition's network input (stacked, scaled) and its successor's, the action, the reward, whether
 * it ends in a terminal state, and π(·|s') of the evaluated policy at the successor. A cut-off
 * episode's last transition bootstraps from its successor like any other (the state does not show
 * the time limit); a terminal transition does not.
 */
public final class FqeTransitions implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int rowSize;
  private final int actionSize;
  private int count;
  private float[] inputs = new float[0];
  private float[] nextInputs = new float[0];
  private int[] actions = new int[0];
  private float[] rewards = new float[0];
  private boolean[] terminal = new boolean[0];
  private float[] nextProbs = new float[0];
  private double minReward = Double.POSITIVE_INFINITY;
  private double maxReward = Double.NEGATIVE_INFINITY;

  /**
   * @param rowSize values per network input row
   * @param actionSize number of actions
   */
  public FqeTransitions(int rowSize, int actionSize) {
    this.rowSize = rowSize;
    this.actionSize = actionSize;
  }

  /**
   * Adds an episode's transitions.
   *
   * @param episode the episode
   * @param batch how the evaluated model builds its inputs
   * @param probs π(·|s_t) for every row of the episode ({@link TargetPolicy#probabilities})
   * @return this
   */
  public FqeTransitions add(Episode episode, ObservationBatch batch, float[] probs) {
    int n = episode.transitionCount();
    if (n == 0) {
      return this;
    }
    ensure(count + n);
    float[] now = batch.gatherRows(episode, 0, n);
    System.arraycopy(now, 0, inputs, count * rowSize, n * rowSize);
    int successors = episode.length() - 1;
    if (successors > 0) {
      float[] next = batch.gatherRows(episode, 1, successors);
      System.arraycopy(next, 0, nextInputs, count * rowSize, Math.min(n, successors) * rowSize);
      System.arraycopy(
          probs, actionSize, nextProbs, count * actionSize, Math.min(n, successors) * actionSize);
    }
    for (int t = 0; t < n; t++) {
      actions[count + t] = episode.action(t);
      rewards[count + t] = episode.reward(t);
      minReward = Math.min(minReward, episode.reward(t));
      maxReward = Math.max(maxReward, episode.reward(t));
      terminal[count + t] = episode.isTerminal(t);
    }
    count += n;
    return this;
  }

  private void ensure(int needed) {
    if (needed <= actions.length) {
      return;
    }
    int capacity = Math.max(needed, actions.length * 2);
    inputs = Arrays.copyOf(inputs, capacity * rowSize);
    nextInputs = Arrays.copyOf(nextInputs, capacity * rowSize);
    actions = Arrays.copyOf(actions, capacity);
    rewards = Arrays.copyOf(rewards, capacity);
    terminal = Arrays.copyOf(terminal, capacity);
    nextProbs = Arrays.copyOf(nextProbs, capacity * actionSize);
  }

  /** The smallest reward held (+∞ when empty). */
  public double minReward() {
    return minReward;
  }

  /** The largest reward held (−∞ when empty). */
  public double maxReward() {
    return maxReward;
  }

  /** Transitions held. */
  public int count() {
    return count;
  }

  int rowSize() {
    return rowSize;
  }

  int actionSize() {
    return actionSize;
  }

  /** Copies transition i's input row (or its successor's) into {@code dst} at row {@code row}. */
  void copyInput(int i, boolean successor, float[] dst, int row) {
    System.arraycopy(successor ? nextInputs : inputs, i * rowSize, dst, row * rowSize, rowSize);
  }

  int action(int i) {
    return actions[i];
  }

  float reward(int i) {
    return rewards[i];
  }

  boolean terminal(int i) {
    return terminal[i];
  }

  float nextProb(int i, int a) {
    return nextProbs[i * actionSize + a];
  }
}
