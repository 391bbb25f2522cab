package io.sparkrl.spark.config;

/**
 * How often the TD(λ) returns and advantage weights are recomputed with the current critic
 * (docs/design.md §3): before every iteration (d3rlpy exactly), once per epoch (the scalable
 * default), or every {@code k} iterations. The count restarts with each epoch, so the returns are
 * always recomputed at an epoch's first iteration.
 *
 * @param everyIterations recompute when the iteration index within the epoch is a multiple of this;
 *     {@link #EPOCH} ({@code 0}) for only the first iteration of each epoch
 */
public record ReturnsSchedule(int everyIterations) {

  /** The {@code everyIterations} value that means once per epoch. */
  public static final int EPOCH = 0;

  /** The setting's text for every iteration. */
  public static final String ITERATION_TEXT = "iteration";

  /** The setting's text for once per epoch. */
  public static final String EPOCH_TEXT = "epoch";

  /**
   * Checks the count.
   *
   * @throws IllegalArgumentException if it is negative
   */
  public ReturnsSchedule {
    if (everyIterations < 0) {
      throw new IllegalArgumentException(
          "returns_every must be \"iteration\", \"epoch\" or a positive integer, got "
              + everyIterations);
    }
  }

  /**
   * Parses the setting's text.
   *
   * @param text {@value #ITERATION_TEXT}, {@value #EPOCH_TEXT} or a positive integer {@code k}
   * @return the schedule
   * @throws IllegalArgumentException for any other text, quoting it
   */
  public static ReturnsSchedule parse(String text) {
    String t = text.strip();
    if (t.equals(ITERATION_TEXT)) {
      return new ReturnsSchedule(1);
    }
    if (t.equals(EPOCH_TEXT)) {
      return new ReturnsSchedule(EPOCH);
    }
    if (t.matches("[1-9][0-9]{0,8}")) {
      return new ReturnsSchedule(Integer.parseInt(t));
    }
    throw new IllegalArgumentException(
        "must be \"iteration\", \"epoch\" or a positive integer, got '" + text + "'");
  }

  /**
   * Whether the returns are recomputed before an iteration.
   *
   * @param iterationInEpoch the 0-based iteration index within the current epoch
   * @return true at index 0, and at every multiple of {@link #everyIterations} when it is set
   * @throws IllegalArgumentException if the index is negative
   */
  public boolean recomputeBefore(int iterationInEpoch) {
    if (iterationInEpoch < 0) {
      throw new IllegalArgumentException("iteration must be >= 0, got " + iterationInEpoch);
    }
    return iterationInEpoch == 0
        || (everyIterations != EPOCH && iterationInEpoch % everyIterations == 0);
  }

  /**
   * The setting's text, which {@link #parse} reads back.
   *
   * @return {@value #ITERATION_TEXT}, {@value #EPOCH_TEXT} or the integer
   */
  @Override
  public String toString() {
    return everyIterations == EPOCH
        ? EPOCH_TEXT
        : everyIterations == 1 ? ITERATION_TEXT : Integer.toString(everyIterations);
  }
}
