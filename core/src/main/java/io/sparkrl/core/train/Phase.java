package io.sparkrl.core.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.NetworkState;

/** The two halves of an iteration: the critic's steps, then the actor's. */
public enum Phase {
  CRITIC,
  ACTOR;

  /** The state of the network this phase trains (the other does not change in it). */
  public NetworkState state(AwrLearner learner) {
    return this == CRITIC ? learner.criticState() : learner.actorState();
  }

  /** Replaces the state of the network this phase trains. */
  public void setState(AwrLearner learner, NetworkState state) {
    if (this == CRITIC) {
      learner.setCriticState(state);
    } else {
      learner.setActorState(state);
    }
  }
}
