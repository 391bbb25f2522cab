package io.sparkrl.datasets.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of validating a dataset: counts of what was read, accepted and rejected, and the
 * first errors in the order found. Accepted plus rejected always equals read, for episodes and for
 * rows; an id whose rows arrive again after its episode was complete counts as a further episode.
 *
 * @param episodesRead episode groups read
 * @param rowsRead rows read
 * @param episodesAccepted episodes that broke no rule
 * @param rowsAccepted rows of those episodes
 * @param episodesRejected episodes that broke at least one rule (quarantined, or in strict mode
 *     only counted)
 * @param rowsRejected rows of those episodes
 * @param errorCount all errors found, including those not kept in {@code firstErrors}
 * @param firstErrors the first {@value #MAX_FIRST_ERRORS} errors, in the order found
 */
public record ValidationReport(
    long episodesRead,
    long rowsRead,
    long episodesAccepted,
    long rowsAccepted,
    long episodesRejected,
    long rowsRejected,
    long errorCount,
    List<ValidationError> firstErrors)
    implements java.io.Serializable {

  /** How many errors a report keeps; {@link #errorCount()} counts them all. */
  public static final int MAX_FIRST_ERRORS = 20;

  public ValidationReport {
    if (episodesAccepted < 0 || episodesRejected < 0 || rowsAccepted < 0 || rowsRejected < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
    if (episodesAccepted + episodesRejected != episodesRead) {
      throw new IllegalArgumentException(
          episodesAccepted
              + " accepted + "
              + episodesRejected
              + " rejected episodes != "
              + episodesRead
              + " read");
    }
    if (rowsAccepted + rowsRejected != rowsRead) {
      throw new IllegalArgumentException(
          rowsAccepted + " accepted + " + rowsRejected + " rejected rows != " + rowsRead + " read");
    }
    if (firstErrors.size() > MAX_FIRST_ERRORS || firstErrors.size() > errorCount) {
      throw new IllegalArgumentException(
          firstErrors.size() + " first errors for an error count of " + errorCount);
    }
    firstErrors = List.copyOf(firstErrors);
  }

  /** True when no rule was broken; in strict mode callers stop before training otherwise. */
  public boolean ok() {
    return errorCount == 0;
  }

  /**
   * Combines the reports of two parts of a dataset (e.g. two Spark partitions); this report's
   * errors come first.
   */
  public ValidationReport merge(ValidationReport other) {
    List<ValidationError> errors = new ArrayList<>(firstErrors);
    for (ValidationError e : other.firstErrors) {
      if (errors.size() < MAX_FIRST_ERRORS) {
        errors.add(e);
      }
    }
    return new ValidationReport(
        episodesRead + other.episodesRead,
        rowsRead + other.rowsRead,
        episodesAccepted + other.episodesAccepted,
        rowsAccepted + other.rowsAccepted,
        episodesRejected + other.episodesRejected,
        rowsRejected + other.rowsRejected,
        errorCount + other.errorCount,
        errors);
  }

  /**
   * One line for logs and provenance, e.g. {@code 3 of 120 episodes rejected (17 errors); first
   * errors: part-00003.parquet, episode 17, step 4: action 5 is outside [0, 2); …}.
   */
  public String summary() {
    if (ok()) {
      return "all " + episodesRead + " episodes (" + rowsRead + " rows) valid";
    }
    String s =
        episodesRejected
            + " of "
            + episodesRead
            + " episodes rejected ("
            + errorCount
            + (errorCount == 1 ? " error" : " errors")
            + "); first errors: "
            + firstErrors.stream().map(ValidationError::toString).collect(Collectors.joining("; "));
    long more = errorCount - firstErrors.size();
    return more > 0 ? s + "; and " + more + " more" : s;
  }
}
