/**
 * Per-transition targets of DiscreteAWR, on plain float and double arrays so that they run inside
 * Spark executors without ND4J: the TD(λ) returns of an episode ({@link
 * io.sparkrl.core.returns.LambdaReturns}), the batch-normalised advantages and clipped actor
 * weights ({@link io.sparkrl.core.returns.AdvantageWeights}), and the mergeable moments that
 * normalise a batch spread over partitions ({@link io.sparkrl.core.returns.BatchMoments}).
 * docs/design.md §1 "One iteration", §2; docs/design.md §1.4, §1.5.
 */
package io.sparkrl.core.returns;
