package io.sparkrl.datasets.validation;

/** What happens to episodes that break a rule (docs/design.md §4). */
public enum ValidationMode {
  /**
   * The default: bad episodes are counted and reported, nothing is written for them, and the caller
   * stops before training when the report is not {@link ValidationReport#ok() ok}.
   */
  STRICT,
  /**
   * Every bad episode is written with its reasons to a {@link
   * io.sparkrl.datasets.RejectedEpisodeSink} (a side folder) and training uses the rest.
   */
  QUARANTINE
}
