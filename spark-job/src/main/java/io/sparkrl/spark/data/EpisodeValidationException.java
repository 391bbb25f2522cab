package io.sparkrl.spark.data;

import io.sparkrl.datasets.validation.ValidationError;
import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Strict mode met a bad episode (docs/design.md §4). The message names the file, the episode, the
 * step, the column and the rule of each error, e.g. {@code episode 17 was rejected:
 * part-00003.parquet, episode 17, step 4: action 5 is outside [0, 2) (column action, rule: action
 * out of range)}. Thrown on an executor, it reaches the driver as the cause of Spark's job failure;
 * {@link SparkEpisodeSource} rethrows it there.
 */
public final class EpisodeValidationException extends IllegalArgumentException {

  @Serial private static final long serialVersionUID = 1L;

  /** At most this many of an episode's errors are spelled out in the message. */
  public static final int MAX_LISTED_ERRORS = 20;

  /** A failure for episode {@code id} with these errors (at least one). */
  public EpisodeValidationException(String id, List<ValidationError> errors) {
    super(message(id, errors));
  }

  /** The same message, rethrown on the driver with Spark's exception as the cause. */
  public EpisodeValidationException(String message, Throwable cause) {
    super(message, cause);
  }

  /** One error as users see it: location and detail, then column and rule. */
  public static String describe(ValidationError e) {
    return e
        + " (column "
        + (e.column() == null ? "-" : e.column())
        + ", rule: "
        + e.rule().description()
        + ")";
  }

  private static String message(String id, List<ValidationError> errors) {
    String listed =
        errors.stream()
            .limit(MAX_LISTED_ERRORS)
            .map(EpisodeValidationException::describe)
            .collect(Collectors.joining("; "));
    int more = errors.size() - MAX_LISTED_ERRORS;
    return "episode "
        + id
        + " was rejected (strict mode): "
        + listed
        + (more > 0 ? "; and " + more + " more" : "");
  }
}
