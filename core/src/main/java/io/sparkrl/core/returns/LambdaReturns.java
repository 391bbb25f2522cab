package io.sparkrl.core.returns;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;

/**
 * TD(λ) returns of one episode by the backward recursion of docs/design.md §1 ("One iteration"):
 *
 * <pre>
 *   G_t = r_t + γ · [ (1 − λ) · V(s_{t+1}) + λ · G_{t+1} ]
 * </pre>
 *
 * <p>The recursion starts at the episode's end as docs/design.md §2 and {@link Episode} define it:
 *
 * <ul>
 *   <li>{@link EndKind#TERMINAL}: the last row n−1 is a transition with no successor and no
 *       bootstrap, {@code G_{n−1} = r_{n−1}}; there are n returns.
 *   <li>{@link EndKind#TIMEOUT}: the last row is only the bootstrap state s_T of row n−2, so {@code
 *       G_{n−1} := V(s_{n−1})} and {@code G_{n−2} = r_{n−2} + γ · V(s_{n−1})}; there are n−1
 *       returns, and none for a one-row cut-off episode.
 * </ul>
 *
 * <p>One pass, O(n) per episode, arithmetic in double, results stored as float. With an episode
 * imported from d3rlpy (row t carrying d3rlpy's {@code rewards[t+1]}, terminal on the last row)
 * this equals d3rlpy v0.23's λ-return for every transition (docs/design.md §1.4, §2.3).
 *
 * <p>Stateless and thread-safe; safe to call inside Spark executors.
 */
public final class LambdaReturns {

  private LambdaReturns() {}

  /**
   * The λ-returns of every transition of {@code episode}.
   *
   * @param episode the episode; its rewards r_t are read for t = 0..{@link
   *     Episode#transitionCount()}−1
   * @param values V(s_t) of every row t, length {@link Episode#length()}
   * @param gamma discount γ in [0, 1]
   * @param lambda λ in [0, 1]
   * @return a new array of {@link Episode#transitionCount()} returns, G_t at index t
   * @throws IllegalArgumentException if {@code values} does not have one value per row (the message
   *     names the episode), or γ or λ is outside [0, 1]
   */
  public static float[] compute(Episode episode, float[] values, double gamma, double lambda) {
    float[] out = new float[episode.transitionCount()];
    compute(episode, values, gamma, lambda, out, 0);
    return out;
  }

  /**
   * Writes the λ-returns of every transition of {@code episode} into {@code out[offset .. offset +
   * transitionCount − 1]}, for filling one batch from many episodes without allocating.
   *
   * @param episode the episode
   * @param values V(s_t) of every row t, length {@link Episode#length()}
   * @param gamma discount γ in [0, 1]
   * @param lambda λ in [0, 1]
   * @param out the destination; other elements are left untouched
   * @param offset where G_0 goes
   * @return the number of returns written, {@link Episode#transitionCount()}
   * @throws IllegalArgumentException if {@code values} does not have one value per row, the returns
   *     do not fit in {@code out} at {@code offset}, or γ or λ is outside [0, 1]; the message names
   *     the episode
   */
  public static int compute(
      Episode episode, float[] values, double gamma, double lambda, float[] out, int offset) {
    return computeFrom(episode, 0, values, gamma, lambda, out, offset);
  }

  /**
   * As {@link #compute(Episode, float[], double, double, float[], int)} for the transitions from
   * row {@code from} on only: the recursion reads nothing before its row, so G_t for t ≥ from is
   * the same float as over the whole episode.
   *
   * @param from the first row, 0 ≤ from < {@link Episode#length()}
   * @param values V(s_t) of rows t = from..length−1, {@code values[t − from]}
   * @param out G_t goes to {@code out[offset + t − from]}
   * @return the number of returns written
   */
  public static int computeFrom(
      Episode episode,
      int from,
      float[] values,
      double gamma,
      double lambda,
      float[] out,
      int offset) {
    if (from < 0 || from >= episode.length()) {
      throw new IllegalArgumentException(
          "episode " + episode.id() + ": row " + from + " is outside its " + episode.length());
    }
    return fill(
        "episode " + episode.id(),
        episode.rewards(),
        from,
        values,
        episode.end() == EndKind.TERMINAL,
        gamma,
        lambda,
        out,
        offset);
  }

  /**
   * The λ-returns of one episode given as raw arrays (for callers that hold columns rather than an
   * {@link Episode}).
   *
   * @param rewards r_t of every row t (the last row's reward is ignored when {@code terminalEnd} is
   *     false)
   * @param values V(s_t) of every row t, the same length as {@code rewards}, at least 1
   * @param terminalEnd true if the episode ended in a true terminal state, false if it was cut off
   * @param gamma discount γ in [0, 1]
   * @param lambda λ in [0, 1]
   * @return a new array of {@link #transitionCount(int, boolean)} returns
   * @throws IllegalArgumentException if the arrays are empty or their lengths differ, or γ or λ is
   *     outside [0, 1]
   */
  public static float[] compute(
      float[] rewards, float[] values, boolean terminalEnd, double gamma, double lambda) {
    if (rewards.length == 0) {
      throw new IllegalArgumentException("episode (raw arrays): has no rows");
    }
    float[] out = new float[transitionCount(rewards.length, terminalEnd)];
    fill("episode (raw arrays)", rewards, 0, values, terminalEnd, gamma, lambda, out, 0);
    return out;
  }

  /**
   * Transitions of an episode of {@code rows} rows: {@code rows} if it ended in a terminal state,
   * {@code rows − 1} if it was cut off (as {@link Episode#transitionCount()}).
   *
   * @throws IllegalArgumentException if {@code rows < 1}
   */
  public static int transitionCount(int rows, boolean terminalEnd) {
    if (rows < 1) {
      throw new IllegalArgumentException("an episode has at least one row, got " + rows);
    }
    return terminalEnd ? rows : rows - 1;
  }

  private static int fill(
      String where,
      float[] rewards,
      int from,
      float[] values,
      boolean terminalEnd,
      double gamma,
      double lambda,
      float[] out,
      int offset) {
    checkUnit("gamma", gamma, where);
    checkUnit("lam", lambda, where);
    int n = rewards.length - from;
    if (values.length != n) {
      throw new IllegalArgumentException(
          where + ": " + values.length + " values for " + n + " rows (need one V(s_t) per row)");
    }
    int count = transitionCount(n, terminalEnd);
    if (offset < 0 || offset > out.length - count) {
      throw new IllegalArgumentException(
          where
              + ": "
              + count
              + " returns do not fit at offset "
              + offset
              + " of an array of length "
              + out.length);
    }
    if (count == 0) {
      return 0;
    }
    double bootstrapWeight = gamma * (1.0 - lambda);
    double returnWeight = gamma * lambda;
    // G_{n−1}: the reward alone at a terminal row, V(s_T) standing in for it after a cut-off.
    double g = terminalEnd ? rewards[from + n - 1] : values[n - 1];
    if (terminalEnd) {
      out[offset + n - 1] = (float) g;
    }
    for (int t = n - 2; t >= 0; t--) {
      g = rewards[from + t] + bootstrapWeight * values[t + 1] + returnWeight * g;
      out[offset + t] = (float) g;
    }
    return count;
  }

  private static void checkUnit(String name, double value, String where) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(where + ": " + name + " " + value + " is outside [0, 1]");
    }
  }
}
