/**
 * Run artifacts on any Hadoop file system: {@link io.sparkrl.spark.storage.HadoopRunStorage} (the
 * Spark job's {@link io.sparkrl.core.logging.RunStorage}), the run's provenance ({@link
 * io.sparkrl.spark.storage.RunProvenance}, written as {@code run.json} by {@link
 * io.sparkrl.spark.storage.RunRecorder}, with {@code _SUCCESS} last) and the dataset fingerprint it
 * records.
 */
package io.sparkrl.spark.storage;
