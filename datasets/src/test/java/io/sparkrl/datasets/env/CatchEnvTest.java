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
    assertThat(frame).hasSize(100);
    assertThat(env.observationShape().dims()).containsExactly(1, 10, 10);
    int lit = 0;
    for (int i = 0; i < frame.length; i++) {
      assertThat(frame[i]).isIn(0f, 255f);
      lit += frame[i] > 0 ? 1 : 0;
    }
    assertThat(lit).isEqualTo(4);
    assertThat(frame[env.ballColumn()]).isEqualTo(255f);
    assertThat(Arrays.copyOfRange(frame, 90, 100))
        .containsExactly(0f, 0f, 0f, 0f, 255f, 255f, 255f, 0f, 0f, 0f);
  }

  @Test
  void ballFallsOneRowPerStepAndBouncesOffTheWalls() {
    CatchEnv env = new CatchEnv();
    for (long seed = 0; seed < 50; seed++) {
      env.reset(seed);
      int previous = env.ballColumn();
      for (int row = 1; row < 10; row++) {
        StepResult result = env.step(CatchEnv.STAY);
        int column = env.ballColumn();
        assertThat(Math.abs(column - previous)).as("sideways by one").isEqualTo(1);
        assertThat(result.observation()[row * 10 + column]).isEqualTo(255f);
        assertThat(result.terminal()).isEqualTo(row == 9);
        if (row < 9) {
          assertThat(result.reward()).isZero();
        } else {
          assertThat(result.reward()).isIn(1.0, -1.0);
        }
        previous = column;
      }
      assertThatThrownBy(() -> env.step(CatchEnv.STAY)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void straightBallKeepsItsColumn() {
    CatchEnv env = new CatchEnv(6, 6, false);
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
  void sameSeedSameEpisode() {
    CatchEnv a = new CatchEnv();
    CatchEnv b = new CatchEnv();
    assertThat(a.reset(11)).containsExactly(b.reset(11));
    for (int t = 0; t < 9; t++) {
      StepResult ra = a.step(t % 3);
      StepResult rb = b.step(t % 3);
      assertThat(ra.observation()).containsExactly(rb.observation());
      assertThat(ra.reward()).isEqualTo(rb.reward());
    }
  }

  /**
   * The best return +1 is reachable: a two-frame agent reads the ball's direction from the frame
   * difference, predicts the landing column and moves there, and catches every ball.
   */
  @ParameterizedTest
  @CsvSource({"10, 10, true", "6, 10, true", "5, 8, true", "2, 3, true", "4, 7, false"})
  void twoFrameAgentCatchesEveryBall(int height, int width, boolean diagonal) {
    CatchEnv env = new CatchEnv(height, width, diagonal);
    for (long seed = 0; seed < EPISODES; seed++) {
      assertThat(playPredicting(env, seed)).as("seed %d", seed).isEqualTo(1.0);
    }
  }

  private static double playPredicting(CatchEnv env, long seed) {
    int h = env.height();
    int w = env.width();
    float[] frame = env.reset(seed);
    float[] previous = null;
    while (true) {
      int action = CatchEnv.STAY;
      if (previous != null || !env.diagonal()) {
        int row = ballRow(frame, w, h);
        int column = ballColumn(frame, w, row);
        int dx = previous == null ? 0 : column - ballColumn(previous, w, row - 1);
        for (int r = row; r < h - 1; r++) {
          column += dx;
          if (column < 0 || column >= w) {
            dx = -dx;
            column += 2 * dx;
          }
        }
        int target = Math.max(1, Math.min(w - 2, column));
        int paddle = paddleCentre(frame, w, h);
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

  @Test
  void trackingHeuristicCatchesEveryBallAndRandomMostlyMisses() {
    CatchEnv env = new CatchEnv();
    Heuristic tracking = new CatchHeuristic(env);
    SplittableRandom random = new SplittableRandom(1);
    int trackingCaught = 0;
    int randomCaught = 0;
    for (long seed = 0; seed < EPISODES; seed++) {
      trackingCaught += play(env, seed, tracking) > 0 ? 1 : 0;
      randomCaught += play(env, seed, observation -> random.nextInt(3)) > 0 ? 1 : 0;
    }
    assertThat(trackingCaught).isEqualTo(EPISODES);
    assertThat(randomCaught).isLessThan(EPISODES / 2);
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
    assertThatThrownBy(() -> new CatchEnv(5, 10, true)).hasMessageContaining("caught");
    CatchEnv env = new CatchEnv();
    assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class);
    env.reset(0);
    assertThatThrownBy(() -> env.step(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("action 3");
    assertThat(env.name()).isEqualTo("catch");
  }
}
