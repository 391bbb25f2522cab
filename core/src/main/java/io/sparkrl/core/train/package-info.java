/**
 * The one training loop and its seams (docs/design.md §3.3): {@link
 * io.sparkrl.core.train.TrainingLoop} owns epochs, rounds, groups, metrics, scorers and
 * checkpoints; a {@link io.sparkrl.core.train.TrainingBackend} computes a round's targets and runs
 * a group's SGD work ({@link io.sparkrl.core.train.LocalBackend} in one JVM, the Spark job's on
 * executors). How K workers share the work is a {@link io.sparkrl.core.train.TrainingSchedule} in a
 * {@link io.sparkrl.core.train.ParallelMode}; every backend runs the same {@link
 * io.sparkrl.core.train.WorkerSteps} and averages in the same {@link
 * io.sparkrl.core.train.TreeMean} order, with random state from {@link
 * io.sparkrl.core.train.WorkerRandom}, so they compute the same floats.
 */
package io.sparkrl.core.train;
