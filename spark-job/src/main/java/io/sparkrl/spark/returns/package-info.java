/**
 * Stage 1 of a training round (docs/design.md §3): with the critic's current parameters broadcast
 * ({@link io.sparkrl.core.targets.CriticSnapshot}), each partition rebuilds the critic once,
 * computes V(s) for all states of its episodes in chunks and the TD(λ) returns by core's backward
 * recursion, and emits columnar {@link io.sparkrl.core.targets.TrainingBlock}s of globally numbered
 * training rows. The maths ({@link io.sparkrl.core.targets.Stage1Returns}) has no Spark types;
 * {@link io.sparkrl.spark.returns.ReturnsStage} only broadcasts and maps partitions.
 */
package io.sparkrl.spark.returns;
