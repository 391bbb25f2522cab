package io.sparkrl.datasets.env;

/**
 * Catch's one-frame controller. A single frame shows where the ball is but not which way it is
 * moving, so there are two possible landing columns, one per direction; this rule moves the paddle
 * towards the one nearer the paddle centre (on a tie, the one nearer the middle of the grid) and
 * stays when already under it. With a straight-falling ball both candidates are the ball's column
 * and it catches every ball.
 *
 * <p>On the default {@link CatchEnv} it catches 72% of balls (mean return +0.44), where uniformly
 * random actions catch about 31% and a two-frame predictor 100%; simply chasing the ball's current
 * column would catch only 22%, since the ball moves sideways faster than the paddle. The mirrored
 * rule ({@link Heuristic#reversed(int)}) catches 11%.
 */
public final class CatchHeuristic implements Heuristic {

  private final int height;
  private final int width;
  private final int speed;

  /** For frames of {@code env}'s size and ball speed. */
  public CatchHeuristic(CatchEnv env) {
    this.height = env.height();
    this.width = env.width();
    this.speed = env.horizontalSpeed();
  }

  @Override
  public int action(float[] frame) {
    int bottom = (height - 1) * width;
    int ball = -1;
    for (int i = 0; i < bottom && ball < 0; i++) {
      if (frame[i] > 0) {
        ball = i;
      }
    }
    int paddleLeft = -1;
    for (int c = 0; c < width && paddleLeft < 0; c++) {
      if (frame[bottom + c] > 0) {
        paddleLeft = c;
      }
    }
    if (ball < 0 || paddleLeft < 0) {
      // The ball has landed (the episode's last frame): nothing left to track.
      return CatchEnv.STAY;
    }
    int stepsLeft = height - 1 - ball / width;
    int column = ball % width;
    int right = CatchEnv.fold(column + speed * stepsLeft, width);
    int left = CatchEnv.fold(column - speed * stepsLeft, width);
    int paddleCentre = paddleLeft + CatchEnv.PADDLE_WIDTH / 2;
    int target = nearer(right, left, paddleCentre);
    if (target < paddleCentre) {
      return CatchEnv.LEFT;
    }
    return target > paddleCentre ? CatchEnv.RIGHT : CatchEnv.STAY;
  }

  private int nearer(int a, int b, int paddleCentre) {
    int byPaddle = Integer.compare(Math.abs(a - paddleCentre), Math.abs(b - paddleCentre));
    if (byPaddle != 0) {
      return byPaddle < 0 ? a : b;
    }
    // Tie: the one nearer the middle, compared on doubled columns to stay in integers.
    return Math.abs(2 * a - (width - 1)) <= Math.abs(2 * b - (width - 1)) ? a : b;
  }
}
