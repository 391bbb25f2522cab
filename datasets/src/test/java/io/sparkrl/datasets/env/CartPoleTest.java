package io.sparkrl.datasets.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.datasets.env.DiscreteEnv.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CartPoleTest {

  /**
   * The frictionless cart-pole equations as printed in Florian, "Correct equations for the dynamics
   * of the cart-pole system" (2007), eqs. 23–24 with μ = 0, then one explicit Euler step: a second
   * derivation to check the gym-style implementation against.
   */
  private static double[] textbookStep(double[] s, double force) {
    double g = 9.8;
    double mc = 1.0;
    double mp = 0.1;
    double l = 0.5;
    double theta = s[2];
    double omega = s[3];
    double thetaAcc =
        (g * Math.sin(theta)
                + Math.cos(theta) * (-force - mp * l * omega * omega * Math.sin(theta)) / (mc + mp))
            / (l * (4.0 / 3.0 - mp * Math.cos(theta) * Math.cos(theta) / (mc + mp)));
    double xAcc =
        (force + mp * l * (omega * omega * Math.sin(theta) - thetaAcc * Math.cos(theta)))
            / (mc + mp);
    return new double[] {
      s[0] + 0.02 * s[1], s[1] + 0.02 * xAcc, s[2] + 0.02 * s[3], s[3] + 0.02 * thetaAcc
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void firstStepMatchesTheTextbookEquations(int action) {
    double[] start = {0.01, -0.2, 0.03, 0.4};
    CartPole env = CartPole.v0();
    env.resetTo(start[0], start[1], start[2], start[3]);

    StepResult result = env.step(action);

    double[] expected = textbookStep(start, action == 1 ? 10.0 : -10.0);
    double[] state = env.state();
    for (int i = 0; i < 4; i++) {
      assertThat(state[i]).as("state %d", i).isCloseTo(expected[i], within(1e-12));
      assertThat(result.observation()[i]).isEqualTo((float) state[i]);
    }
    assertThat(result.reward()).isEqualTo(1.0);
    assertThat(result.terminal()).isFalse();
    assertThat(result.truncated()).isFalse();
  }

  @Test
  void pushFromRestGivesTheExactFractions() {
    // From rest: xacc = ±400/41, thetaacc = ∓600/41, so after tau = 0.02 the velocities are ±8/41
    // and ∓12/41 while the positions have not moved yet (Euler uses the old velocities).
    CartPole env = CartPole.v1();
    env.resetTo(0, 0, 0, 0);
    float[] right = env.step(CartPole.PUSH_RIGHT).observation();
    assertThat(right).containsExactly(new float[] {0f, 8f / 41, 0f, -12f / 41}, within(1e-7f));

    env.resetTo(0, 0, 0, 0);
    float[] left = env.step(CartPole.PUSH_LEFT).observation();
    assertThat(left).containsExactly(new float[] {0f, -8f / 41, 0f, 12f / 41}, within(1e-7f));
  }

  @Test
  void terminatesJustPastThePositionThreshold() {
    CartPole env = CartPole.v0();
    env.resetTo(2.4, 0.0, 0.0, 0.0);
    assertThat(env.step(1).terminal()).as("x == 2.4 is still inside").isFalse();

    env.resetTo(2.4, 0.01, 0.0, 0.0);
    StepResult right = env.step(1);
    assertThat(right.terminal()).isTrue();
    assertThat(right.reward()).isEqualTo(1.0);

    env.resetTo(-2.4, -0.01, 0.0, 0.0);
    assertThat(env.step(0).terminal()).isTrue();
  }

  @Test
  void terminatesJustPastTheAngleThreshold() {
    double limit = 12 * 2 * Math.PI / 360;
    CartPole env = CartPole.v0();
    env.resetTo(0.0, 0.0, limit, 0.0);
    assertThat(env.step(1).terminal()).as("theta == 12 degrees is still inside").isFalse();

    env.resetTo(0.0, 0.0, limit, 0.01);
    assertThat(env.step(1).terminal()).isTrue();

    env.resetTo(0.0, 0.0, -limit, -0.01);
    assertThat(env.step(0).terminal()).isTrue();
  }

  @Test
  void truncatesAtTheTimeLimitOfEachVersion() {
    assertThat(stepsUntilTruncated(CartPole.v0(), 3)).isEqualTo(200);
    assertThat(stepsUntilTruncated(CartPole.v1(), 3)).isEqualTo(500);
  }

  private static int stepsUntilTruncated(CartPole env, long seed) {
    Heuristic controller = new CartPoleHeuristic();
    float[] observation = env.reset(seed);
    for (int step = 1; ; step++) {
      StepResult result = env.step(controller.action(observation));
      assertThat(result.terminal()).as("the controller keeps the pole up").isFalse();
      observation = result.observation();
      if (result.truncated()) {
        assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class);
        return step;
      }
    }
  }

  @Test
  void terminalWinsWhenItCoincidesWithTheTimeLimit() {
    CartPole env = new CartPole("cartpole-1", 1);
    env.resetTo(2.4, 1.0, 0.0, 0.0);
    StepResult result = env.step(1);
    assertThat(result.terminal()).isTrue();
    assertThat(result.truncated()).isFalse();

    env.resetTo(0.0, 0.0, 0.0, 0.0);
    assertThat(env.step(1).truncated()).isTrue();
  }

  @Test
  void sameSeedSameEpisode() {
    CartPole a = CartPole.v0();
    CartPole b = CartPole.v0();
    assertThat(a.reset(99)).containsExactly(b.reset(99));
    for (int t = 0; t < 8; t++) {
      assertThat(a.step(t % 2).observation()).containsExactly(b.step(t % 2).observation());
    }
    assertThat(a.reset(100)).isNotEqualTo(b.reset(99));
  }

  @Test
  void initialStateIsSmallAndUniform() {
    CartPole env = CartPole.v0();
    double sum = 0;
    for (long seed = 0; seed < 2000; seed++) {
      for (float value : env.reset(seed)) {
        assertThat(value).isBetween(-0.05f, 0.05f);
        sum += value;
      }
    }
    assertThat(sum / 8000).isCloseTo(0.0, within(0.003));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void poleFallsQuicklyUnderAConstantPush(int action) {
    CartPole env = CartPole.v0();
    for (long seed = 0; seed < 50; seed++) {
      env.reset(seed);
      int steps = 1;
      while (!env.step(action).terminal()) {
        steps++;
      }
      assertThat(steps).as("seed %d", seed).isBetween(6, 60);
    }
  }

  @Test
  void rejectsBadActionsAndStepsOutsideAnEpisode() {
    CartPole env = CartPole.v0();
    assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class);
    env.reset(1);
    assertThatThrownBy(() -> env.step(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("action 2")
        .hasMessageContaining("[0, 2)");
    assertThatThrownBy(() -> env.step(-1)).hasMessageContaining("action -1");
    assertThatThrownBy(() -> new CartPole("bad", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describesItself() {
    assertThat(CartPole.v0().name()).isEqualTo("cartpole-v0");
    assertThat(CartPole.v1().name()).isEqualTo("cartpole-v1");
    assertThat(CartPole.v1().timeLimit()).isEqualTo(500);
    assertThat(CartPole.v0().actionCount()).isEqualTo(2);
    assertThat(CartPole.v0().observationShape().dims()).containsExactly(4);
  }
}
