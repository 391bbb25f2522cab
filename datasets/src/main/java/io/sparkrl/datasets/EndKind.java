package io.sparkrl.datasets;

/** How an episode ended: the flag its last row carries. */
public enum EndKind {
  /**
   * A true terminal state: the last row is a transition like the others, and its return has no
   * bootstrap (G = r).
   */
  TERMINAL,
  /**
   * Cut off (time limit): the last row is only the bootstrap state s_T of the row before it; its
   * action and reward are not learned from.
   */
  TIMEOUT
}
