package io.sparkrl.spark.data;

/**
 * What reading a dataset accepted and rejected; accepted + rejected always equals what was read.
 *
 * @param episodesAccepted episodes trained on
 * @param rowsAccepted their rows
 * @param episodesRejected episodes written to quarantine (0 in strict mode)
 * @param rowsRejected their rows
 */
public record SourceCounts(
    long episodesAccepted, long rowsAccepted, long episodesRejected, long rowsRejected) {

  /** The totals of per-partition summaries. */
  static SourceCounts of(PartitionSummary total) {
    return new SourceCounts(
        total.episodesAccepted(),
        total.rowsAccepted(),
        total.episodesRejected(),
        total.rowsRejected());
  }
}
