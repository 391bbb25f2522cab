/**
 * DiscreteAWR's learning step (d3rlpy's "impl"), in pieces the Spark job can reuse: the flat index
 * of an epoch's transitions ({@link io.sparkrl.core.algo.TransitionIndex}), the observation tensor
 * of a batch ({@link io.sparkrl.core.algo.ObservationBatch}), the per-iteration targets ({@link
 * io.sparkrl.core.algo.Targets}: λ-returns, baselines, actor weights) and the learner that holds
 * the actor and critic and runs one iteration ({@link io.sparkrl.core.algo.AwrLearner}).
 * docs/design.md §1 "One iteration"; docs/design.md §1.2–§1.6, §1.8, §1.9.
 */
package io.sparkrl.core.algo;
