/**
 * Off-policy evaluation: the value of a target policy estimated from episodes logged by another
 * (behaviour) policy. Per-episode summaries ({@link io.sparkrl.core.ope.EpisodeSummary}) hold what
 * every estimator needs, so the same summaries serve the point estimates ({@link
 * io.sparkrl.core.ope.Estimator}) and the episode bootstrap ({@link
 * io.sparkrl.core.ope.BootstrapIntervals}); {@link io.sparkrl.core.ope.FittedQEvaluation} fits the
 * Q-function of the direct method, doubly robust and FQE. The formulas are in {@code
 * docs/design.md}. No Spark here: the Spark job maps episodes to summaries and merges them with
 * {@link io.sparkrl.core.ope.OpeAccumulator}.
 */
package io.sparkrl.core.ope;
