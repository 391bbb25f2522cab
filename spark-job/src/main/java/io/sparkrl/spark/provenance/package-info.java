/**
 * What a run records about itself: {@link io.sparkrl.spark.provenance.RunProvenance} (version,
 * dataset location and {@link io.sparkrl.spark.provenance.DatasetFingerprint fingerprint},
 * configuration, Spark settings, times, status and validation counts), written as {@code run.json}
 * by {@link io.sparkrl.spark.provenance.RunRecorder}, with {@code _SUCCESS} last, every secret
 * removed by {@link io.sparkrl.spark.provenance.Redaction} (Spark's {@code spark.redaction.regex}).
 */
package io.sparkrl.spark.provenance;
