package io.sparkrl.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.env.CartPole;
import io.sparkrl.datasets.env.CatchEnv;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EnvironmentScorerTest {

  private static final int TRIALS = 5;
  private static final long SEED = 42;

  /** Pushes right when the pole falls right: theta + 0.5·theta_dot > 0. */
  private static FakePolicyModel balancer() {
    return new FakePolicyModel(
        new int[] {4},
        1,
        CartPole.ACTION_COUNT,
        0.99,
        s -> s[2] + 0.5f * s[3] > 0 ? CartPole.PUSH_RIGHT : CartPole.PUSH_LEFT);
  }

  private static DiscreteEnv cartPole() {
    return Environments.create(Environments.CARTPOLE_V0);
  }

  @Test
  void balancingPolicyReachesTheTimeLimit() {
    double score = new EnvironmentScorer(cartPole(), TRIALS, 0.0, SEED).score(balancer(), null);
    assertThat(score).isEqualTo(CartPole.V0_TIME_LIMIT);
  }

  @Test
  void constantPolicyScoresLow() {
    FakePolicyModel left = new FakePolicyModel(new int[] {4}, 1, 2, 0.99, s -> 0);
    double score = new EnvironmentScorer(cartPole(), TRIALS, 0.0, SEED).score(left, List.of());
    assertThat(score).isGreaterThan(0).isLessThan(20);
  }

  @Test
  void epsilonOneIsTheUniformRandomPolicy() {
    FakePolicyModel neverAsked =
        new FakePolicyModel(
            new int[] {4},
            1,
            2,
            0.99,
            s -> {
              throw new AssertionError("predict called with epsilon 1");
            });
    double score = new EnvironmentScorer(cartPole(), TRIALS, 1.0, SEED).score(neverAsked, null);

    // The same draws by hand: per step u = nextDouble() (always < 1), then nextInt(2).
    SplittableRandom random = new SplittableRandom(SEED);
    DiscreteEnv env = cartPole();
    double total = 0;
    for (int i = 0; i < TRIALS; i++) {
      env.reset(SEED + i);
      DiscreteEnv.StepResult step;
      do {
        random.nextDouble();
        step = env.step(random.nextInt(2));
        total += step.reward();
      } while (!step.done());
    }
    assertThat(score).isEqualTo(total / TRIALS).isLessThan(CartPole.V0_TIME_LIMIT);
  }

  @Test
  void sameSeedGivesSameScore() {
    EnvironmentScorer scorer = new EnvironmentScorer(cartPole(), TRIALS, 0.3, SEED);
    double first = scorer.score(balancer(), null);
    assertThat(scorer.score(balancer(), null)).isEqualTo(first);
    assertThat(new EnvironmentScorer(cartPole(), TRIALS, 0.3, SEED).score(balancer(), null))
        .isEqualTo(first);
  }

  @Test
  void catchImagesAreStackedTwoFrames() {
    DiscreteEnv env = Environments.create(Environments.CATCH);
    int frame = env.observationShape().size();
    FakePolicyModel model =
        new FakePolicyModel(
            env.observationShape().dims(), 2, CatchEnv.ACTION_COUNT, 0.99, s -> CatchEnv.STAY);

    double score = new EnvironmentScorer(env, 3, 0.0, SEED).score(model, null);

    assertThat(score).isBetween(CatchEnv.MISS_REWARD, CatchEnv.CATCH_REWARD);
    assertThat(model.predictInputs).isNotEmpty().allSatisfy(s -> assertThat(s).hasSize(2 * frame));
    float[] first = model.predictInputs.get(0);
    float[] reset = Environments.create(Environments.CATCH).reset(SEED);
    assertThat(Arrays.copyOfRange(first, 0, frame)).containsOnly(0f);
    assertThat(Arrays.copyOfRange(first, frame, 2 * frame)).containsExactly(reset);
    float[] second = model.predictInputs.get(1);
    assertThat(Arrays.copyOfRange(second, 0, frame)).containsExactly(reset);
  }

  @Test
  void rejectsBadSettingsAndMismatchedModels() {
    assertThatThrownBy(() -> new EnvironmentScorer(null, 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EnvironmentScorer(cartPole(), 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n_trials")
        .hasMessageContaining("0");
    for (double bad : new double[] {-0.1, 1.1, Double.NaN}) {
      assertThatThrownBy(() -> new EnvironmentScorer(cartPole(), 1, bad, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("epsilon");
    }
    EnvironmentScorer scorer = new EnvironmentScorer(cartPole(), 1, 0, 0);
    FakePolicyModel image = new FakePolicyModel(new int[] {1, 9, 9}, 1, 2, 0.99, s -> 0);
    assertThatThrownBy(() -> scorer.score(image, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cartpole-v0");
    FakePolicyModel threeActions = new FakePolicyModel(new int[] {4}, 1, 3, 0.99, s -> 0);
    assertThatThrownBy(() -> scorer.score(threeActions, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actions");
  }
}
