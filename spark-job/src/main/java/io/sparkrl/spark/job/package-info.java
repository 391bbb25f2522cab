/**
 * The training job: reads the episodes, runs stage 1 and stage 2 per epoch, and writes the run
 * directory (docs/design.md §3) through Hadoop's FileSystem. {@link
 * io.sparkrl.spark.cli.TrainCommand} is its command line.
 */
package io.sparkrl.spark.job;
