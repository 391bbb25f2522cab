package io.sparkrl.datasets.env;

import io.sparkrl.datasets.ObservationShape;
import java.util.SplittableRandom;

/**
 * Gym's classic-control CartPole (Barto, Sutton &amp; Anderson 1983), step for step: a pole hinged
 * on a cart; action 1 pushes the cart right with {@value #FORCE_MAG} N, action 0 pushes it left.
 *
 * <p>Observation {@code [x, x_dot, theta, theta_dot]} (metres, m/s, radians, rad/s). The dynamics
 * are gym's with Euler integration at {@value #TAU} s, computed in double and returned as float
 * like gym. Reward is 1.0 for every step, including the one that ends the episode. The episode is
 * terminal once |x| &gt; {@value #X_THRESHOLD} or |theta| &gt; 12°, and truncated when it reaches
 * the time limit (200 steps for {@link #v0()}, 500 for {@link #v1()}); when both happen on the same
 * step it is terminal. s_0 is uniform in [−0.05, 0.05)^4 from the seed.
 */
public final class CartPole implements DiscreteEnv {

  public static final double GRAVITY = 9.8;
  public static final double MASS_CART = 1.0;
  public static final double MASS_POLE = 0.1;
  public static final double TOTAL_MASS = MASS_POLE + MASS_CART;

  /** Half the pole's length, as in gym. */
  public static final double LENGTH = 0.5;

  public static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
  public static final double FORCE_MAG = 10.0;

  /** Seconds between state updates. */
  public static final double TAU = 0.02;

  public static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
  public static final double X_THRESHOLD = 2.4;

  /** Initial state components are uniform in [−INITIAL_BOUND, INITIAL_BOUND). */
  public static final double INITIAL_BOUND = 0.05;

  public static final int V0_TIME_LIMIT = 200;
  public static final int V1_TIME_LIMIT = 500;
  public static final int ACTION_COUNT = 2;
  public static final int PUSH_LEFT = 0;
  public static final int PUSH_RIGHT = 1;

  private static final ObservationShape SHAPE = ObservationShape.vector(4);

  private final String name;
  private final int timeLimit;
  private double x;
  private double xDot;
  private double theta;
  private double thetaDot;
  private int steps;
  private boolean running;

  /** A CartPole cut off after {@code timeLimit} steps. */
  public CartPole(String name, int timeLimit) {
    if (timeLimit < 1) {
      throw new IllegalArgumentException("CartPole time limit must be >= 1, got " + timeLimit);
    }
    this.name = name;
    this.timeLimit = timeLimit;
  }

  /** Gym's CartPole-v0: 200 steps. */
  public static CartPole v0() {
    return new CartPole("cartpole-v0", V0_TIME_LIMIT);
  }

  /** Gym's CartPole-v1: 500 steps. */
  public static CartPole v1() {
    return new CartPole("cartpole-v1", V1_TIME_LIMIT);
  }

  public int timeLimit() {
    return timeLimit;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ObservationShape observationShape() {
    return SHAPE;
  }

  @Override
  public int actionCount() {
    return ACTION_COUNT;
  }

  @Override
  public float[] reset(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return resetTo(
        random.nextDouble(-INITIAL_BOUND, INITIAL_BOUND),
        random.nextDouble(-INITIAL_BOUND, INITIAL_BOUND),
        random.nextDouble(-INITIAL_BOUND, INITIAL_BOUND),
        random.nextDouble(-INITIAL_BOUND, INITIAL_BOUND));
  }

  /** Starts an episode from the given state (for tests and demonstrations). */
  public float[] resetTo(double x, double xDot, double theta, double thetaDot) {
    this.x = x;
    this.xDot = xDot;
    this.theta = theta;
    this.thetaDot = thetaDot;
    this.steps = 0;
    this.running = true;
    return observation();
  }

  /** The exact double state {@code [x, x_dot, theta, theta_dot]}. */
  public double[] state() {
    return new double[] {x, xDot, theta, thetaDot};
  }

  @Override
  public StepResult step(int action) {
    DiscreteEnv.checkAction(this, action);
    if (!running) {
      throw new IllegalStateException(name + ": step without a running episode; call reset first");
    }
    double force = action == PUSH_RIGHT ? FORCE_MAG : -FORCE_MAG;
    // StrictMath: the same bits on every JVM, so a seed gives the same dataset everywhere.
    double cosTheta = StrictMath.cos(theta);
    double sinTheta = StrictMath.sin(theta);
    double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sinTheta) / TOTAL_MASS;
    double thetaAcc =
        (GRAVITY * sinTheta - cosTheta * temp)
            / (LENGTH * (4.0 / 3.0 - MASS_POLE * cosTheta * cosTheta / TOTAL_MASS));
    double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;
    x = x + TAU * xDot;
    xDot = xDot + TAU * xAcc;
    theta = theta + TAU * thetaDot;
    thetaDot = thetaDot + TAU * thetaAcc;
    steps++;
    boolean terminal =
        x < -X_THRESHOLD
            || x > X_THRESHOLD
            || theta < -THETA_THRESHOLD_RADIANS
            || theta > THETA_THRESHOLD_RADIANS;
    boolean truncated = !terminal && steps >= timeLimit;
    running = !(terminal || truncated);
    return new StepResult(observation(), 1.0, terminal, truncated);
  }

  private float[] observation() {
    return new float[] {(float) x, (float) xDot, (float) theta, (float) thetaDot};
  }
}
