package io.sparkrl.datasets.validation;

/**
 * One broken rule, located as precisely as the input allows. {@link #toString()} gives the message
 * users see, e.g. {@code part-00003.parquet, episode 17, step 4: action 5 is outside [0, 2)}.
 *
 * @param source the file (name or path) or input the error is in; never null
 * @param episodeId the episode, or null for file-level errors
 * @param step the step, or null for episode- or file-level errors
 * @param column the column concerned, or null
 * @param rule the rule broken
 * @param detail what is wrong, naming the column and the bad value
 */
public record ValidationError(
    String source, String episodeId, Long step, String column, ValidationRule rule, String detail)
    implements java.io.Serializable {

  public ValidationError {
    if (source == null || rule == null || detail == null) {
      throw new IllegalArgumentException("source, rule and detail are required");
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(source);
    if (episodeId != null) {
      s.append(", episode ").append(episodeId);
    }
    if (step != null) {
      s.append(", step ").append(step);
    }
    return s.append(": ").append(detail).toString();
  }
}
