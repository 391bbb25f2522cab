/**
 * Stage 2 of the Spark job: data-parallel DiscreteAWR training with parameter averaging. The driver
 * broadcasts a {@link io.sparkrl.core.algo.LearnerState}, each worker runs a few SGD steps on its
 * share of the iteration's batch, and a tree-aggregate of {@link
 * io.sparkrl.core.algo.LearnerStateAverage} brings back the mean parameters and momentum buffers.
 */
package io.sparkrl.spark.train;
