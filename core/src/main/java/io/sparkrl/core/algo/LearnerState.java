package io.sparkrl.core.algo;

import java.io.Serial;
import java.io.Serializable;

/**
 * The trainable state of an {@link AwrLearner}: actor and critic parameters and optimiser states.
 * What a parameter-averaging trainer broadcasts to its workers and averages back.
 *
 * @param actor the actor's state
 * @param critic the critic's state
 */
public record LearnerState(NetworkState actor, NetworkState critic) implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks that neither part is null. */
  public LearnerState {
    if (actor == null || critic == null) {
      throw new IllegalArgumentException("learner state needs an actor and a critic state");
    }
  }
}
