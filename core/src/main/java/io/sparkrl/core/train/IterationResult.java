package io.sparkrl.core.train;

/**
 * One iteration's logged values.
 *
 * @param epoch the epoch (as logged)
 * @param iteration the iteration within the epoch
 * @param totalStep iterations done so far, this one included
 * @param criticLoss mean critic loss over the iteration's steps (all its workers)
 * @param actorLoss mean actor loss over the iteration's steps
 * @param weights mean advantage weight over its batch
 */
public record IterationResult(
    int epoch,
    int iteration,
    long totalStep,
    double criticLoss,
    double actorLoss,
    double weights) {}
