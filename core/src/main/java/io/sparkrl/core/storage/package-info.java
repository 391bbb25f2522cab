/**
 * Where a run's files go: {@link io.sparkrl.core.storage.RunStorage} (atomic writes, listing,
 * reading), its local implementation {@link io.sparkrl.core.storage.LocalRunStorage}, the run
 * directory's layout ({@link io.sparkrl.core.storage.RunDirectory}) and the naming of model
 * checkpoints ({@link io.sparkrl.core.storage.ModelCheckpoints}). The Spark job substitutes a
 * Hadoop {@code FileSystem} implementation and writes to {@code hdfs://} or {@code s3a://}; this
 * package never imports Spark or Hadoop.
 */
package io.sparkrl.core.storage;
