package io.sparkrl.datasets.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.env.DiscreteEnv.StepResult;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatchEnvTest {

  private static final int EPISODES = 500;

  @Test
  void firstFrameHasTheBallOnTopAndTheCentredPaddleAtTheBottom() {
    CatchEnv env = new CatchEnv();
    float[] frame = env.reset(5);
    assertThat(frame).hasSize(81);
    assertThat(env.observationShape().dims()).containsExactly(1, 9, 9);
    assertThat(env.horizontalSpeed()).isEqualTo(2);
    int lit = 0;
    for (int i = 0; i < frame.length; i++) {
      assertThat(frame[i]).isIn(0f, 255f);
      lit += frame[i] > 0 ? 1 : 0;
    }
    assertThat(lit).isEqualTo(4);
    assertThat(frame[env.ballColumn()]).isEqualTo(255f);
    assertThat(Arrays.copyOfRange(frame, 72, 81))
        .containsExactly(0f, 0f, 0f, 255f, 255f, 255f, 0f, 0f, 0f);
  }

  /**
   * The ball falls one row and moves two columns per step; a move that would cross a wall is
   * reflected back from it (mirror at the wall column's centre) and reverses the ball's direction.
   */
  @Test
  void ballFallsOneRowAndMovesTwoColumnsPerStepBouncingOffTheWalls() {
    CatchEnv env = new CatchEnv();
    int bounces = 0;
    boolean[] directions = new boolean[2];
    for (long seed = 0; seed < 50; seed++) {
      env.reset(seed);
      int column = env.ballColumn();
      int dx = 0;
      for (int row = 1; row < 9; row++) {
        StepResult result = env.step(CatchEnv.STAY);
        int actual = env.ballColumn();
        if (dx == 0) {
          // The first step shows the direction (from a wall both directions lead to one column).
          dx = reflect(column + 2, 9)[0] == actual ? 2 : -2;
          directions[dx > 0 ? 1 : 0] = true;
        }
        int[] expected = reflect(column + dx, 9);
        assertThat(actual).as("seed %d row %d", seed, row).isEqualTo(expected[0]);
        if (expected[1] == 1) {
          bounces++;
          dx = -dx;
        }
        assertThat(result.observation()[row * 9 + actual]).isEqualTo(255f);
        assertThat(result.terminal()).isEqualTo(row == 8);
        if (row < 8) {
          assertThat(result.reward()).isZero();
        } else {
          assertThat(result.reward()).isIn(1.0, -1.0);
        }
        column = actual;
      }
      assertThatThrownBy(() -> env.step(CatchEnv.STAY)).isInstanceOf(IllegalStateException.class);
    }
    assertThat(bounces).as("walls are hit").isGreaterThan(20);
    assertThat(directions).containsExactly(true, true);
  }

  @Test
  void wallsReflectTheBallLikeMirrors() {
    // Width 9: columns 0..8, the walls reflect through the centres of columns 0 and 8.
    assertThat(CatchEnv.fold(-1, 9)).isEqualTo(1);
    assertThat(CatchEnv.fold(-2, 9)).isEqualTo(2);
    assertThat(CatchEnv.fold(9, 9)).isEqualTo(7);
    assertThat(CatchEnv.fold(10, 9)).isEqualTo(6);
    assertThat(CatchEnv.fold(16, 9)).isEqualTo(0);
    assertThat(CatchEnv.fold(17, 9)).isEqualTo(1);
    assertThat(CatchEnv.fold(-17, 9)).isEqualTo(1);
    for (int position = -40; position <= 40; position++) {
      assertThat(CatchEnv.fold(position, 9)).isEqualTo(reflect(position, 9)[0]);
    }
  }

  /** Reflects a column into [0, width) step by step: {column, 1 if reflected an odd number}. */
  private static int[] reflect(int column, int width) {
    int flips = 0;
    while (column < 0 || column >= width) {
      column = column < 0 ? -column : 2 * (width - 1) - column;
      flips++;
    }
    return new int[] {column, flips % 2};
  }

  @Test
  void straightBallKeepsItsColumn() {
    CatchEnv env = new CatchEnv(6, 6, false);
    assertThat(env.horizontalSpeed()).isZero();
    assertThat(env.diagonal()).isFalse();
    env.reset(3);
    int column = env.ballColumn();
    for (int t = 0; t < 5; t++) {
      env.step(CatchEnv.RIGHT);
      assertThat(env.ballColumn()).isEqualTo(column);
    }
    assertThat(env.paddleCentre()).as("stops at the wall").isEqualTo(4);
    assertThat(env.name()).isEqualTo("catch-6x6-straight");
  }

  @Test
  void namesAndSpeeds() {
    assertThat(new CatchEnv().name()).isEqualTo("catch");
    assertThat(new CatchEnv(9, 9, true).name()).isEqualTo("catch");
    assertThat(new CatchEnv(10, 10, true).name()).isEqualTo("catch-10x10");
    assertThat(new CatchEnv(10, 10, 2).horizontalSpeed()).isEqualTo(2);
    assertThat(new CatchEnv(7, 7, 1).name()).isEqualTo("catch-7x7-s1");
    assertThat(new CatchEnv(9, 9, 1).name()).isEqualTo("catch-9x9-s1");
  }

  @Test
  void sameSeedSameEpisode() {
    CatchEnv a = new CatchEnv();
    CatchEnv b = new CatchEnv();
    assertThat(a.reset(11)).containsExactly(b.reset(11));
    for (int t = 0; t < 8; t++) {
      StepResult ra = a.step(t % 3);
      StepResult rb = b.step(t % 3);
      assertThat(ra.observation()).containsExactly(rb.observation());
      assertThat(ra.reward()).isEqualTo(rb.reward());
    }
  }

  /**
   * The best return +1 is reachable: a two-frame agent makes a first move that keeps both possible
   * landing columns within reach, reads the ball's direction from the next frame, predicts the
   * landing column and moves there, and catches every ball.
   */
  @ParameterizedTest
  @CsvSource({
    "9, 9, 2",
    "10, 10, 2",
    "6, 10, 2",
    "5, 8, 2",
    "4, 9, 2",
    "2, 3, 2",
    "4, 7, 0",
    "4, 9, 0",
    "7, 7, 1",
    "5, 10, 1",
    "6, 9, 3"
  })
  void twoFrameAgentCatchesEveryBall(int height, int width, int speed) {
    CatchEnv env = new CatchEnv(height, width, speed);
    for (long seed = 0; seed < EPISODES; seed++) {
      assertThat(playPredicting(env, seed)).as("seed %d", seed).isEqualTo(1.0);
    }
  }

  private static double playPredicting(CatchEnv env, long seed) {
    int h = env.height();
    int w = env.width();
    int speed = env.horizontalSpeed();
    float[] frame = env.reset(seed);
    float[] previous = null;
    while (true) {
      int row = ballRow(frame, w, h);
      int column = ballColumn(frame, w, row);
      int paddle = paddleCentre(frame, w, h);
      int stepsLeft = h - 1 - row;
      int action;
      if (previous == null) {
        // Direction unknown: the move that keeps the farther of both landing columns nearest.
        int right = reflect(column + speed * stepsLeft, w)[0];
        int left = reflect(column - speed * stepsLeft, w)[0];
        action = CatchEnv.STAY;
        int best = Integer.MAX_VALUE;
        for (int a = CatchEnv.LEFT; a <= CatchEnv.RIGHT; a++) {
          int moved = Math.max(1, Math.min(w - 2, paddle + a - CatchEnv.STAY));
          int worst = Math.max(Math.abs(moved - right), Math.abs(moved - left));
          if (worst < best) {
            best = worst;
            action = a;
          }
        }
      } else {
        int before = ballColumn(previous, w, row - 1);
        // The direction that explains the move from the previous frame (both agree at a wall).
        int dx = reflect(before + speed, w)[0] == column ? speed : -speed;
        assertThat(reflect(before + dx, w)[0]).isEqualTo(column);
        int landing = reflect(before + dx * (stepsLeft + 1), w)[0];
        int target = Math.max(1, Math.min(w - 2, landing));
        action = target < paddle ? CatchEnv.LEFT : target > paddle ? CatchEnv.RIGHT : CatchEnv.STAY;
      }
      StepResult result = env.step(action);
      if (result.terminal()) {
        return result.reward();
      }
      previous = frame;
      frame = result.observation();
    }
  }

  private static int ballRow(float[] frame, int w, int h) {
    for (int i = 0; i < (h - 1) * w; i++) {
      if (frame[i] > 0) {
        return i / w;
      }
    }
    throw new AssertionError("no ball above the bottom row");
  }

  private static int ballColumn(float[] frame, int w, int row) {
    for (int c = 0; c < w; c++) {
      if (frame[row * w + c] > 0) {
        return c;
      }
    }
    throw new AssertionError("no ball in row " + row);
  }

  private static int paddleCentre(float[] frame, int w, int h) {
    return ballColumn(frame, w, h - 1) + 1;
  }

  /**
   * Frame stacking matters on the default grid: the two-frame predictor catches every ball, while
   * policies that see one frame do clearly worse. Chasing the ball's current column (it moves
   * sideways twice as fast as the paddle) is even worse than random actions; {@link
   * CatchHeuristic}, which heads for the nearer of the two possible landing columns, beats random
   * but still misses over a quarter of the balls.
   */
  @Test
  void singleFramePoliciesCatchClearlyFewerThanTheTwoFramePredictor() {
    CatchEnv env = new CatchEnv();
    Heuristic tracking = CatchEnvTest::trackCurrentColumn;
    Heuristic landing = new CatchHeuristic(env);
    SplittableRandom random = new SplittableRandom(1);
    int predicted = 0;
    int tracked = 0;
    int heuristic = 0;
    int mirrored = 0;
    int randomCaught = 0;
    for (long seed = 0; seed < EPISODES; seed++) {
      predicted += playPredicting(env, seed) > 0 ? 1 : 0;
      tracked += play(env, seed, tracking) > 0 ? 1 : 0;
      heuristic += play(env, seed, landing) > 0 ? 1 : 0;
      mirrored += play(env, seed, landing.reversed(3)) > 0 ? 1 : 0;
      randomCaught += play(env, seed, observation -> random.nextInt(3)) > 0 ? 1 : 0;
    }
    double n = EPISODES;
    assertThat(predicted).isEqualTo(EPISODES);
    assertThat(tracked / n).as("current-column tracker").isBetween(0.15, 0.30);
    assertThat(heuristic / n).as("CatchHeuristic").isBetween(0.65, 0.80);
    assertThat(randomCaught / n).as("random").isBetween(0.25, 0.42);
    assertThat(mirrored / n).as("mirrored CatchHeuristic").isLessThan(randomCaught / n);
    assertThat(tracked).isLessThan(randomCaught);
    assertThat(randomCaught).isLessThan(heuristic);
  }

  /** Move towards the ball's current column: enough when the ball is no faster than the paddle. */
  private static int trackCurrentColumn(float[] frame) {
    int w = CatchEnv.DEFAULT_WIDTH;
    int h = CatchEnv.DEFAULT_HEIGHT;
    int row = ballRow(frame, w, h);
    int ball = ballColumn(frame, w, row);
    int paddle = paddleCentre(frame, w, h);
    return ball < paddle ? CatchEnv.LEFT : ball > paddle ? CatchEnv.RIGHT : CatchEnv.STAY;
  }

  @Test
  void catchHeuristicCatchesEveryStraightBall() {
    CatchEnv env = new CatchEnv(9, 9, false);
    Heuristic heuristic = new CatchHeuristic(env);
    for (long seed = 0; seed < 100; seed++) {
      assertThat(play(env, seed, heuristic)).as("seed %d", seed).isEqualTo(1.0);
    }
  }

  private static double play(CatchEnv env, long seed, Heuristic heuristic) {
    float[] frame = env.reset(seed);
    while (true) {
      StepResult result = env.step(heuristic.action(frame));
      if (result.done()) {
        assertThat(result.terminal()).isTrue();
        return result.reward();
      }
      frame = result.observation();
    }
  }

  @Test
  void rejectsBadConfigurationsAndActions() {
    assertThatThrownBy(() -> new CatchEnv(1, 3, true)).hasMessageContaining("height");
    assertThatThrownBy(() -> new CatchEnv(5, 2, true)).hasMessageContaining("width");
    assertThatThrownBy(() -> new CatchEnv(5, 8, -1)).hasMessageContaining("speed");
    assertThatThrownBy(() -> new CatchEnv(5, 8, 8)).hasMessageContaining("speed");
    // Width 10 at height 4: from the centre the paddle cannot reach column 0 or 9 in time.
    assertThatThrownBy(() -> new CatchEnv(4, 10, true)).hasMessageContaining("caught");
    assertThatThrownBy(() -> new CatchEnv(5, 12, 2)).hasMessageContaining("caught");
    assertThatThrownBy(() -> new CatchEnv(4, 10, false)).hasMessageContaining("caught");
    CatchEnv env = new CatchEnv();
    assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class);
    env.reset(0);
    assertThatThrownBy(() -> env.step(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("action 3");
    assertThat(env.name()).isEqualTo("catch");
  }
}
