package io.sparkrl.spark.provenance;

/** Where a training run stands, as recorded in its {@code run.json}. */
public enum RunStatus {
  /** Started and not finished: the driver is training, or died without recording an end. */
  RUNNING,
  /**
   * Finished; every artifact is complete and {@code _SUCCESS} is written after {@code run.json}.
   */
  SUCCEEDED,
  /** Stopped by an error, recorded with its message; no {@code _SUCCESS} is written. */
  FAILED
}
