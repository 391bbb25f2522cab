/**
 * A training run's outputs, laid out as d3rlpy v0.23's logger lays them out: the run directory
 * ({@link io.sparkrl.core.logging.RunDirectory}), one CSV per metric ({@link
 * io.sparkrl.core.logging.MetricCsvLogger}) fed with per-epoch means ({@link
 * io.sparkrl.core.logging.MetricsBuffer}), TensorBoard event files ({@link
 * io.sparkrl.core.logging.TensorBoardEventWriter}, read back by {@link
 * io.sparkrl.core.logging.TensorBoardEventReader}) and model checkpoint naming ({@link
 * io.sparkrl.core.logging.ModelCheckpoints}).
 *
 * <p>Everything goes through {@link io.sparkrl.core.logging.RunStorage}, so the Spark job can
 * substitute a Hadoop {@code FileSystem} implementation for {@link
 * io.sparkrl.core.logging.LocalRunStorage} and write to {@code hdfs://} or {@code s3a://}. This
 * package never imports Spark or Hadoop.
 */
package io.sparkrl.core.logging;
