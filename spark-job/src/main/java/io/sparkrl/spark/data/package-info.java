/**
 * Reading episode datasets with Spark SQL: {@link io.sparkrl.spark.data.SparkEpisodeSource} reads
 * Parquet part files from any Hadoop URI, checks the schema on the driver, gathers each episode
 * into one partition in step order, validates it on the executors with the datasets module's rules
 * (strict or quarantine) and numbers the transitions of the accepted episodes globally, as core's
 * {@link io.sparkrl.core.algo.TransitionIndex} does over the episodes sorted by id ({@link
 * io.sparkrl.spark.data.IndexedEpisodes}).
 */
package io.sparkrl.spark.data;
