package io.sparkrl.datasets.env;

/**
 * CartPole's hand-written controller: push towards the side the pole leans or is falling to, i.e.
 * right when theta + {@value #THETA_DOT_WEIGHT}·theta_dot &gt; 0, else left. On its own it nearly
 * always survives the CartPole-v0 time limit.
 */
public final class CartPoleHeuristic implements Heuristic {

  /** Seconds of look-ahead on the pole's angular velocity. */
  public static final double THETA_DOT_WEIGHT = 0.5;

  private static final int THETA = 2;
  private static final int THETA_DOT = 3;

  @Override
  public int action(float[] observation) {
    return observation[THETA] + THETA_DOT_WEIGHT * observation[THETA_DOT] > 0
        ? CartPole.PUSH_RIGHT
        : CartPole.PUSH_LEFT;
  }
}
