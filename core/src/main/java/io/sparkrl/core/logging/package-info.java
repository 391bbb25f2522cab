/**
 * A training run's logs, laid out as d3rlpy v0.23's logger lays them out: one CSV per metric
 * ({@link io.sparkrl.core.logging.MetricCsvLogger}) fed with per-epoch means ({@link
 * io.sparkrl.core.logging.MetricsBuffer}) and TensorBoard event files ({@link
 * io.sparkrl.core.logging.TensorBoardEventWriter}). Everything is written through {@link
 * io.sparkrl.core.storage.RunStorage}. This package never imports Spark or Hadoop.
 */
package io.sparkrl.core.logging;
