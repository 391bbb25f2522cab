package io.sparkrl.core.algo;

/**
 * What one iteration logs, d3rlpy's {@code ['critic_loss', 'actor_loss', 'weights']}.
 *
 * @param criticLoss mean of the critic's mini-batch losses {@code mean((V − G)²)} over its steps
 * @param actorLoss mean of the actor's mini-batch losses {@code −mean(w·log π(a|s))} over its steps
 * @param weights mean actor weight over the whole batch
 */
public record UpdateResult(double criticLoss, double actorLoss, double weights) {}
