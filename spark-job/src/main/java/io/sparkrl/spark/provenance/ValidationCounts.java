package io.sparkrl.spark.provenance;

/**
 * What the dataset validation let through and held back (docs/design.md §4): accepted plus rejected
 * always equals the input, and rejected episodes are in the quarantine folder when there is one.
 *
 * @param episodesAccepted episodes trained on
 * @param episodesRejected episodes rejected (quarantined, or the reason a strict run stopped)
 * @param rowsAccepted rows of the accepted episodes
 * @param rowsRejected rows of the rejected episodes
 * @param quarantinePath where rejected episodes were written, or null in strict mode
 */
public record ValidationCounts(
    long episodesAccepted,
    long episodesRejected,
    long rowsAccepted,
    long rowsRejected,
    String quarantinePath) {

  /**
   * Checks that every count is non-negative.
   *
   * @throws IllegalArgumentException naming the negative count
   */
  public ValidationCounts {
    requireNonNegative("episodes_accepted", episodesAccepted);
    requireNonNegative("episodes_rejected", episodesRejected);
    requireNonNegative("rows_accepted", rowsAccepted);
    requireNonNegative("rows_rejected", rowsRejected);
  }

  private static void requireNonNegative(String key, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(key + " must be >= 0, got " + value);
    }
  }
}
