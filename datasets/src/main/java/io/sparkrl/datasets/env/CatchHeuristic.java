package io.sparkrl.datasets.env;

/**
 * Catch's one-frame controller: move the paddle towards the ball's current column, stay when under
 * it. The paddle is as fast as the ball sideways, so once within a cell of the ball it stays there
 * and on the default grid this rule catches every ball even without seeing the ball's direction.
 */
public final class CatchHeuristic implements Heuristic {

  private final int height;
  private final int width;

  /** For frames of {@code env}'s size. */
  public CatchHeuristic(CatchEnv env) {
    this.height = env.height();
    this.width = env.width();
  }

  @Override
  public int action(float[] frame) {
    int bottom = (height - 1) * width;
    int ball = -1;
    for (int i = 0; i < bottom && ball < 0; i++) {
      if (frame[i] > 0) {
        ball = i % width;
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
    int paddleCentre = paddleLeft + CatchEnv.PADDLE_WIDTH / 2;
    if (ball < paddleCentre) {
      return CatchEnv.LEFT;
    }
    return ball > paddleCentre ? CatchEnv.RIGHT : CatchEnv.STAY;
  }
}
