/**
 * Episode datasets: the Parquet episode format, its validation, importers and environments. Never
 * imports Spark, so the same rules run in one JVM and on Spark executors.
 */
package io.sparkrl.datasets;
