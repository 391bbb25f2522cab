package io.sparkrl.datasets.env;

import io.sparkrl.datasets.ObservationShape;
import java.util.SplittableRandom;

/**
 * Catch: a ball falls from a random column of the top row of an H×W grid, one row per step, and a
 * paddle {@value #PADDLE_WIDTH} cells wide on the bottom row must be under it when it lands.
 *
 * <p>Actions: {@value #LEFT} moves the paddle one cell left, {@value #STAY} keeps it, {@value
 * #RIGHT} moves it right (stopping at the walls). The paddle starts centred (centre column W / 2).
 * The ball also moves sideways, {@link #horizontalSpeed()} columns per step ({@value
 * #DEFAULT_HORIZONTAL_SPEED} by default, in a random direction), and bounces off the side walls
 * like a mirror (a move that would cross column 0 or W − 1 is reflected back from it, so on the
 * default grid 1 → −1 lands on 1 and 7 → 9 on 7). The ball is faster sideways than the paddle, so
 * chasing the ball's current column loses it: the agent must predict where it lands, and the
 * direction it moves in is visible only across two or more frames. Speed 0 ({@code diagonal =
 * false}) makes it fall straight down.
 *
 * <p>Each step moves the paddle, then the ball. When the ball reaches the bottom row the episode is
 * terminal with reward {@value #CATCH_REWARD} if the ball is under the paddle and {@value
 * #MISS_REWARD} otherwise; every other step gives 0. An episode always lasts H − 1 steps and is
 * never truncated.
 *
 * <p>The best possible return is +1 per episode, and it is reached by a two-frame predictor: from
 * the first frame it makes the move that keeps both possible landing columns (one per direction)
 * within reach, reads the direction from the second frame, and moves to the predicted landing
 * column. The constructor rejects grids where that agent could miss some ball, so +1 is always
 * reachable. What a policy that sees only the current frame reaches, measured exactly over all 2W
 * equally likely starts of the default {@value #DEFAULT_HEIGHT}×{@value #DEFAULT_WIDTH} grid at
 * speed {@value #DEFAULT_HORIZONTAL_SPEED}:
 *
 * <ul>
 *   <li>tracking the ball's current column: 22% caught (mean return −0.56), worse than uniformly
 *       random actions (about 31%, −0.38);
 *   <li>{@link CatchHeuristic} (move towards whichever of the two possible landing columns is
 *       nearer the paddle): 72% caught (+0.44).
 * </ul>
 *
 * So a learner that stacks frames (e.g. n_frames = 4) can reach +1.0, while these single-frame
 * rules stop at +0.44. They are not a proven single-frame optimum: where the paddle has been
 * steered to also carries information from earlier frames, so a cleverer memoryless policy may do
 * better.
 *
 * <p>Observations are single-channel frames 1×H×W, row-major, with the ball and paddle at {@value
 * #ON} and the background at 0 (uint8 values as floats).
 */
public final class CatchEnv implements DiscreteEnv {

  public static final int DEFAULT_HEIGHT = 9;
  public static final int DEFAULT_WIDTH = 9;
  public static final int DEFAULT_HORIZONTAL_SPEED = 2;
  public static final int PADDLE_WIDTH = 3;
  public static final int ACTION_COUNT = 3;
  public static final int LEFT = 0;
  public static final int STAY = 1;
  public static final int RIGHT = 2;
  public static final float ON = 255f;
  public static final double CATCH_REWARD = 1.0;
  public static final double MISS_REWARD = -1.0;

  private final int height;
  private final int width;
  private final int horizontalSpeed;
  private final ObservationShape shape;
  private int ballRow;
  // The ball's position on the unfolded line (walls as mirrors); its column is fold(ballPosition).
  private int ballPosition;
  private int ballDx;
  private int paddleCentre;
  private boolean running;

  /**
   * The default: {@value #DEFAULT_HEIGHT}×{@value #DEFAULT_WIDTH}, ball moving {@value
   * #DEFAULT_HORIZONTAL_SPEED} columns per step.
   */
  public CatchEnv() {
    this(DEFAULT_HEIGHT, DEFAULT_WIDTH, DEFAULT_HORIZONTAL_SPEED);
  }

  /**
   * A {@code height}×{@code width} grid; {@code diagonal} moves the ball sideways at {@value
   * #DEFAULT_HORIZONTAL_SPEED} columns per step, otherwise it falls straight down.
   *
   * @throws IllegalArgumentException as {@link #CatchEnv(int, int, int)}
   */
  public CatchEnv(int height, int width, boolean diagonal) {
    this(height, width, diagonal ? DEFAULT_HORIZONTAL_SPEED : 0);
  }

  /**
   * A {@code height}×{@code width} grid with the ball moving {@code horizontalSpeed} columns per
   * step sideways (0: straight down).
   *
   * @throws IllegalArgumentException if height &lt; 2, width &lt; {@value #PADDLE_WIDTH}, the speed
   *     is outside [0, width − 1], or some ball could not be caught even by an agent that knows the
   *     ball's velocity from the second frame on (the grid is too wide for its height)
   */
  public CatchEnv(int height, int width, int horizontalSpeed) {
    if (height < 2) {
      throw new IllegalArgumentException("catch height must be >= 2, got " + height);
    }
    if (width < PADDLE_WIDTH) {
      throw new IllegalArgumentException(
          "catch width must be >= " + PADDLE_WIDTH + " (the paddle), got " + width);
    }
    if (horizontalSpeed < 0 || horizontalSpeed > width - 1) {
      throw new IllegalArgumentException(
          "catch horizontal speed must be in [0, width - 1 = "
              + (width - 1)
              + "], got "
              + horizontalSpeed);
    }
    if (!everyBallCatchable(height, width, horizontalSpeed)) {
      throw new IllegalArgumentException(
          "catch width "
              + width
              + " is too large for height "
              + height
              + " at horizontal speed "
              + horizontalSpeed
              + ": some balls could not be caught even knowing their direction from the second"
              + " frame");
    }
    this.height = height;
    this.width = width;
    this.horizontalSpeed = horizontalSpeed;
    this.shape = ObservationShape.image(1, height, width);
  }

  /**
   * Whether the two-frame predictor catches every ball: for each start column some first move (made
   * before the direction is visible) leaves both possible landing columns within the H − 2 moves
   * that follow.
   */
  private static boolean everyBallCatchable(int height, int width, int speed) {
    int half = PADDLE_WIDTH / 2;
    for (int start = 0; start < width; start++) {
      int right = fold(start + speed * (height - 1), width);
      int left = fold(start - speed * (height - 1), width);
      boolean catchable = false;
      for (int move = -1; move <= 1 && !catchable; move++) {
        int paddle = Math.max(half, Math.min(width - 1 - half, width / 2 + move));
        catchable =
            Math.abs(paddle - right) - half <= height - 2
                && Math.abs(paddle - left) - half <= height - 2;
      }
      if (!catchable) {
        return false;
      }
    }
    return true;
  }

  /**
   * The column a ball at {@code position} on the unfolded line occupies on a grid {@code width}
   * wide: the side walls reflect like mirrors through the centres of columns 0 and width − 1, so a
   * ball at column c moving d columns per step is at {@code fold(c + d * t, width)} after t steps.
   */
  static int fold(int position, int width) {
    int period = 2 * (width - 1);
    int m = Math.floorMod(position, period);
    return m <= width - 1 ? m : period - m;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** Columns the ball moves sideways per step; 0 when it falls straight down. */
  public int horizontalSpeed() {
    return horizontalSpeed;
  }

  /** Whether the ball moves sideways. */
  public boolean diagonal() {
    return horizontalSpeed > 0;
  }

  /**
   * {@code catch} for the default, else e.g. {@code catch-12x8} (default speed), {@code
   * catch-12x8-straight} (speed 0) or {@code catch-12x8-s1}.
   */
  @Override
  public String name() {
    if (height == DEFAULT_HEIGHT
        && width == DEFAULT_WIDTH
        && horizontalSpeed == DEFAULT_HORIZONTAL_SPEED) {
      return "catch";
    }
    String speed =
        horizontalSpeed == DEFAULT_HORIZONTAL_SPEED
            ? ""
            : horizontalSpeed == 0 ? "-straight" : "-s" + horizontalSpeed;
    return "catch-" + height + "x" + width + speed;
  }

  @Override
  public ObservationShape observationShape() {
    return shape;
  }

  @Override
  public int actionCount() {
    return ACTION_COUNT;
  }

  @Override
  public float[] reset(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ballRow = 0;
    ballPosition = random.nextInt(width);
    boolean rightwards = random.nextBoolean();
    ballDx = rightwards ? horizontalSpeed : -horizontalSpeed;
    paddleCentre = width / 2;
    running = true;
    return frame();
  }

  @Override
  public StepResult step(int action) {
    DiscreteEnv.checkAction(this, action);
    if (!running) {
      throw new IllegalStateException(
          name() + ": step without a running episode; call reset first");
    }
    int half = PADDLE_WIDTH / 2;
    paddleCentre = Math.max(half, Math.min(width - 1 - half, paddleCentre + action - STAY));
    ballRow++;
    ballPosition += ballDx;
    boolean terminal = ballRow == height - 1;
    double reward = 0.0;
    if (terminal) {
      reward = Math.abs(ballColumn() - paddleCentre) <= half ? CATCH_REWARD : MISS_REWARD;
      running = false;
    }
    return new StepResult(frame(), reward, terminal, false);
  }

  /** The column the ball is in now (for oracle policies in tests and demonstrations). */
  public int ballColumn() {
    return fold(ballPosition, width);
  }

  /** The paddle's centre column now. */
  public int paddleCentre() {
    return paddleCentre;
  }

  private float[] frame() {
    float[] frame = new float[height * width];
    int bottom = (height - 1) * width;
    for (int c = paddleCentre - PADDLE_WIDTH / 2; c <= paddleCentre + PADDLE_WIDTH / 2; c++) {
      frame[bottom + c] = ON;
    }
    frame[ballRow * width + ballColumn()] = ON;
    return frame;
  }
}
