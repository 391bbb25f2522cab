package io.sparkrl.core.train;

import io.sparkrl.core.algo.LearnerState;
import java.io.Serial;
import java.io.Serializable;

/**
 * What one worker reports after a group: the sums of its steps' losses, how long it computed and
 * how long it waited on the exchange, and (worker 0 only; the others hold the same) the final
 * state.
 *
 * @param worker the worker
 * @param iteration the iteration its slice belongs to
 * @param criticLossSum sum of its critic steps' losses
 * @param criticSteps number of its critic steps
 * @param actorLossSum sum of its actor steps' losses
 * @param actorSteps number of its actor steps
 * @param computeNanos time in SGD steps
 * @param syncNanos time in the exchange
 * @param finalState the state after the last period, or null for workers other than 0
 */
public record TaskOutcome(
    int worker,
    int iteration,
    double criticLossSum,
    int criticSteps,
    double actorLossSum,
    int actorSteps,
    long computeNanos,
    long syncNanos,
    LearnerState finalState)
    implements Serializable {

  @Serial private static final long serialVersionUID = 1L;
}
