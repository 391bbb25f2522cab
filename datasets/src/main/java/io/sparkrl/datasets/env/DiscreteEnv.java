package io.sparkrl.datasets.env;

import io.sparkrl.datasets.ObservationShape;

/**
 * An episodic environment with a finite action set {0, …, actionCount − 1}.
 *
 * <p>Contract for callers: {@link #reset(long)} starts an episode and returns s_0; {@link
 * #step(int)} applies an action and returns s_{t+1}, the reward for that action and whether the
 * episode ended. Every episode ends after finitely many steps, either {@linkplain
 * StepResult#terminal() terminal} (a true end state: no value beyond it) or {@linkplain
 * StepResult#truncated() truncated} (cut off by a time limit: the state still has a value); never
 * both. Observations have {@link #observationShape()}'s size: float vectors, or images C×H×W
 * row-major with uint8 values given as floats 0..255. Returned arrays are new and owned by the
 * caller.
 *
 * <p>The same seed gives the same episode for the same actions. Instances hold the running
 * episode's state and are not thread-safe.
 */
public interface DiscreteEnv {

  /** The outcome of one step. */
  record StepResult(float[] observation, double reward, boolean terminal, boolean truncated) {

    public StepResult {
      if (terminal && truncated) {
        throw new IllegalArgumentException("a step is terminal or truncated, not both");
      }
    }

    /** True if the episode is over (terminal or truncated). */
    public boolean done() {
      return terminal || truncated;
    }
  }

  /** A short identifier, e.g. {@code cartpole-v0}. */
  String name();

  /** The shape of every observation. */
  ObservationShape observationShape();

  /** Number of discrete actions; valid actions are 0 ≤ a &lt; actionCount. */
  int actionCount();

  /** Starts a new episode drawn from {@code seed} and returns its first observation s_0. */
  float[] reset(long seed);

  /**
   * Takes {@code action} in the current state.
   *
   * @throws IllegalArgumentException if {@code action} is outside [0, actionCount), naming it
   * @throws IllegalStateException if no episode is running (before the first reset, or after the
   *     episode ended and before the next reset)
   */
  StepResult step(int action);

  /** Checks an action against {@link #actionCount()} for implementations. */
  static void checkAction(DiscreteEnv env, int action) {
    if (action < 0 || action >= env.actionCount()) {
      throw new IllegalArgumentException(
          env.name() + ": action " + action + " is outside [0, " + env.actionCount() + ")");
    }
  }
}
