package io.sparkrl.datasets.env;

import io.sparkrl.datasets.ObservationShape;
import java.util.SplittableRandom;

/**
 * Catch: a ball falls from a random column of the top row of an H×W grid, one row per step, and a
 * paddle {@value #PADDLE_WIDTH} cells wide on the bottom row must be under it when it lands.
 *
 * <p>Actions: {@value #LEFT} moves the paddle one cell left, {@value #STAY} keeps it, {@value
 * #RIGHT} moves it right (stopping at the walls). The paddle starts centred (centre column W / 2).
 * By default the ball also moves one column per step in a random horizontal direction and bounces
 * off the side walls, so its velocity is visible only across two or more frames; with {@code
 * diagonal = false} it falls straight down.
 *
 * <p>Each step moves the paddle, then the ball. When the ball reaches the bottom row the episode is
 * terminal with reward {@value #CATCH_REWARD} if the ball is under the paddle and {@value
 * #MISS_REWARD} otherwise; every other step gives 0. An episode always lasts H − 1 steps and is
 * never truncated. The best possible return is +1: the constructor requires W / 2 − 1 ≤ H − 2, so
 * an agent that sees the first two frames (and hence the ball's direction) can always reach the
 * landing column.
 *
 * <p>Observations are single-channel frames 1×H×W, row-major, with the ball and paddle at {@value
 * #ON} and the background at 0 (uint8 values as floats).
 */
public final class CatchEnv implements DiscreteEnv {

  public static final int DEFAULT_HEIGHT = 10;
  public static final int DEFAULT_WIDTH = 10;
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
  private final boolean diagonal;
  private final ObservationShape shape;
  private int ballRow;
  private int ballCol;
  private int ballDx;
  private int paddleCentre;
  private boolean running;

  /** The default: {@value #DEFAULT_HEIGHT}×{@value #DEFAULT_WIDTH}, bouncing ball. */
  public CatchEnv() {
    this(DEFAULT_HEIGHT, DEFAULT_WIDTH, true);
  }

  /**
   * A {@code height}×{@code width} grid; {@code diagonal} makes the ball move sideways too.
   *
   * @throws IllegalArgumentException if height &lt; 2, width &lt; {@value #PADDLE_WIDTH}, or width
   *     / 2 − 1 &gt; height − 2 (some balls could not be caught)
   */
  public CatchEnv(int height, int width, boolean diagonal) {
    if (height < 2) {
      throw new IllegalArgumentException("catch height must be >= 2, got " + height);
    }
    if (width < PADDLE_WIDTH) {
      throw new IllegalArgumentException(
          "catch width must be >= " + PADDLE_WIDTH + " (the paddle), got " + width);
    }
    if (width / 2 - 1 > height - 2) {
      throw new IllegalArgumentException(
          "catch width "
              + width
              + " is too large for height "
              + height
              + ": width / 2 - 1 must be <= height - 2 so every ball can be caught");
    }
    this.height = height;
    this.width = width;
    this.diagonal = diagonal;
    this.shape = ObservationShape.image(1, height, width);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public boolean diagonal() {
    return diagonal;
  }

  /** {@code catch} for the default, else e.g. {@code catch-12x8} or {@code catch-12x8-straight}. */
  @Override
  public String name() {
    if (height == DEFAULT_HEIGHT && width == DEFAULT_WIDTH && diagonal) {
      return "catch";
    }
    return "catch-" + height + "x" + width + (diagonal ? "" : "-straight");
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
    ballCol = random.nextInt(width);
    ballDx = diagonal ? (random.nextBoolean() ? 1 : -1) : 0;
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
    ballCol += ballDx;
    if (ballCol < 0) {
      ballCol = -ballCol;
      ballDx = -ballDx;
    } else if (ballCol >= width) {
      ballCol = 2 * (width - 1) - ballCol;
      ballDx = -ballDx;
    }
    boolean terminal = ballRow == height - 1;
    double reward = 0.0;
    if (terminal) {
      reward = Math.abs(ballCol - paddleCentre) <= half ? CATCH_REWARD : MISS_REWARD;
      running = false;
    }
    return new StepResult(frame(), reward, terminal, false);
  }

  /** The column the ball is in now (for oracle policies in tests and demonstrations). */
  public int ballColumn() {
    return ballCol;
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
    frame[ballRow * width + ballCol] = ON;
    return frame;
  }
}
