/**
 * Stage 1 of a training round, without Spark (docs/design.md §3.2): with the critic of the round
 * ({@link io.sparkrl.core.targets.CriticSnapshot} on executors, the learner's own critic in one
 * JVM), {@link io.sparkrl.core.targets.Stage1Returns} computes V(s) for every state of a run of
 * {@link io.sparkrl.core.targets.IndexedEpisode}s in chunks and the TD(λ) returns by the backward
 * recursion, as columnar {@link io.sparkrl.core.targets.TrainingBlock}s of globally numbered rows.
 * The Spark job maps partitions through it; the single-process trainer and {@code
 * AwrLearner.computeTargets} call it directly: there is one path.
 */
package io.sparkrl.core.targets;
