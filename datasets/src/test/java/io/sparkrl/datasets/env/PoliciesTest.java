package io.sparkrl.datasets.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoliciesTest {

  private static final float[] LEANING_RIGHT = {0f, 0f, 0.05f, -0.02f};
  private static final float[] FALLING_LEFT = {0f, 0f, 0.01f, -0.1f};

  @Test
  void uniformPolicyGivesEqualMass() {
    assertThat(new UniformPolicy(4).probabilities(new float[1]))
        .containsExactly(0.25, 0.25, 0.25, 0.25);
    assertThatThrownBy(() -> new UniformPolicy(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cartPoleHeuristicPushesTowardsTheFall() {
    Heuristic heuristic = new CartPoleHeuristic();
    // theta + 0.5 theta_dot: 0.05 - 0.01 > 0, 0.01 - 0.05 < 0.
    assertThat(heuristic.action(LEANING_RIGHT)).isEqualTo(CartPole.PUSH_RIGHT);
    assertThat(heuristic.action(FALLING_LEFT)).isEqualTo(CartPole.PUSH_LEFT);
    assertThat(heuristic.reversed(2).action(LEANING_RIGHT)).isEqualTo(CartPole.PUSH_LEFT);
    assertThat(heuristic.reversed(2).action(FALLING_LEFT)).isEqualTo(CartPole.PUSH_RIGHT);
  }

  @Test
  void catchHeuristicMovesTowardsTheBall() {
    CatchEnv env = new CatchEnv(4, 6, false);
    Heuristic heuristic = new CatchHeuristic(env);
    float[] frame = new float[24];
    frame[18 + 2] = frame[18 + 3] = frame[18 + 4] = 255f; // paddle centred on column 3
    frame[6 + 0] = 255f; // ball in row 1, column 0
    assertThat(heuristic.action(frame)).isEqualTo(CatchEnv.LEFT);
    assertThat(heuristic.reversed(3).action(frame)).isEqualTo(CatchEnv.RIGHT);
    frame[6] = 0f;
    frame[6 + 3] = 255f;
    assertThat(heuristic.action(frame)).isEqualTo(CatchEnv.STAY);
    assertThat(heuristic.reversed(3).action(frame)).isEqualTo(CatchEnv.STAY);
    frame[6 + 3] = 0f;
    frame[6 + 5] = 255f;
    assertThat(heuristic.action(frame)).isEqualTo(CatchEnv.RIGHT);
  }

  @Test
  void catchHeuristicHeadsForTheNearerPossibleLandingColumn() {
    CatchEnv env = new CatchEnv(); // 9×9, ball 2 columns per step
    Heuristic heuristic = new CatchHeuristic(env);
    float[] frame = new float[81];
    frame[72 + 3] = frame[72 + 4] = frame[72 + 5] = 255f; // paddle centred on column 4
    frame[7 * 9 + 1] = 255f; // row 7, column 1: lands on 3 (moving right) or 1 (bouncing)
    assertThat(heuristic.action(frame)).isEqualTo(CatchEnv.LEFT);
    assertThat(heuristic.reversed(3).action(frame)).isEqualTo(CatchEnv.RIGHT);
    frame[7 * 9 + 1] = 0f;
    frame[6 * 9] = 255f; // row 6, column 0: either way it bounces back to column 4
    assertThat(heuristic.action(frame)).as("a tracker would go left").isEqualTo(CatchEnv.STAY);
    frame[6 * 9] = 0f;
    frame[5 * 9 + 2] = 255f; // row 5, column 2: lands on 8 or 4
    assertThat(heuristic.action(frame)).isEqualTo(CatchEnv.STAY);
    frame[5 * 9 + 2] = 0f;
    frame[8] = 255f; // row 0, column 8: lands on 8 either way
    assertThat(heuristic.action(frame)).isEqualTo(CatchEnv.RIGHT);
    frame[8] = 0f;
    frame[7 * 9 + 3] = 255f; // row 7, column 3: lands on 5 or 1
    assertThat(heuristic.action(frame)).as("a tracker would go left").isEqualTo(CatchEnv.RIGHT);
    frame[7 * 9 + 3] = 0f;
    frame[72 + 3] = frame[72 + 4] = frame[72 + 5] = 0f;
    assertThat(heuristic.action(frame))
        .as("landed: no ball above the bottom")
        .isEqualTo(CatchEnv.STAY);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.3, 0.8, 1.0})
  void noisyHeuristicTakesItsActionWithProbabilityQPlusNoise(double q) {
    NoisyHeuristicPolicy two = new NoisyHeuristicPolicy(2, q, new CartPoleHeuristic());
    double[] probs = two.probabilities(LEANING_RIGHT);
    assertThat(probs[1]).isCloseTo(q + (1 - q) / 2, within(1e-12));
    assertThat(probs[0]).isCloseTo((1 - q) / 2, within(1e-12));

    NoisyHeuristicPolicy three = new NoisyHeuristicPolicy(3, q, observation -> 2);
    assertThat(three.probabilities(new float[1]))
        .containsExactly(new double[] {(1 - q) / 3, (1 - q) / 3, q + (1 - q) / 3}, within(1e-12));
  }

  @Test
  void samplingFollowsTheProbabilitiesAndReportsThem() {
    NoisyHeuristicPolicy policy = new NoisyHeuristicPolicy(3, 0.4, observation -> 1);
    double[] probs = policy.probabilities(new float[1]);
    SplittableRandom rng = new SplittableRandom(7);
    int draws = 60_000;
    int[] counts = new int[3];
    for (int i = 0; i < draws; i++) {
      BehaviourPolicy.Choice choice = policy.act(new float[1], rng);
      counts[choice.action()]++;
      assertThat(choice.probability()).isEqualTo(probs[choice.action()]);
    }
    for (int a = 0; a < 3; a++) {
      assertThat(counts[a] / (double) draws).isCloseTo(probs[a], within(0.01));
    }
    NoisyHeuristicPolicy pure = new NoisyHeuristicPolicy(2, 1.0, new CartPoleHeuristic());
    for (int i = 0; i < 100; i++) {
      assertThat(pure.act(LEANING_RIGHT, rng)).isEqualTo(new BehaviourPolicy.Choice(1, 1.0));
    }
  }

  @Test
  void noisyHeuristicRejectsQualityOutsideTheUnitInterval() {
    assertThatThrownBy(() -> new NoisyHeuristicPolicy(2, 1.5, new CartPoleHeuristic()))
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> new NoisyHeuristicPolicy(2, Double.NaN, new CartPoleHeuristic()))
        .isInstanceOf(IllegalArgumentException.class);
    NoisyHeuristicPolicy broken = new NoisyHeuristicPolicy(2, 1.0, observation -> 5);
    assertThatThrownBy(() -> broken.probabilities(new float[1]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("action 5");
  }

  @Test
  void mixtureFollowsOneMemberPerEpisodeWithTheGivenWeights() {
    BehaviourPolicy alwaysLeft = new NoisyHeuristicPolicy(2, 1.0, observation -> 0);
    BehaviourPolicy uniform = new UniformPolicy(2);
    MixturePolicy mixture =
        new MixturePolicy(List.of(alwaysLeft, uniform), new double[] {3.0, 1.0});
    assertThatThrownBy(() -> mixture.probabilities(new float[1]))
        .isInstanceOf(IllegalStateException.class);

    int episodes = 20_000;
    int first = 0;
    for (long seed = 0; seed < episodes; seed++) {
      mixture.beginEpisode(seed);
      int member = mixture.currentMember();
      first += member == 0 ? 1 : 0;
      double[] expected = member == 0 ? new double[] {1.0, 0.0} : new double[] {0.5, 0.5};
      assertThat(mixture.probabilities(new float[1])).containsExactly(expected);
    }
    assertThat(first / (double) episodes).isCloseTo(0.75, within(0.01));

    mixture.beginEpisode(12345);
    int chosen = mixture.currentMember();
    mixture.beginEpisode(999);
    mixture.beginEpisode(12345);
    assertThat(mixture.currentMember()).as("chosen from the seed alone").isEqualTo(chosen);
  }

  @Test
  void mixtureNeverPicksAZeroWeightMember() {
    MixturePolicy mixture =
        new MixturePolicy(
            List.of(new UniformPolicy(2), new UniformPolicy(2), new UniformPolicy(2)),
            new double[] {0.0, 1.0, 0.0});
    for (long seed = 0; seed < 1000; seed++) {
      mixture.beginEpisode(seed);
      assertThat(mixture.currentMember()).isEqualTo(1);
    }
  }

  @Test
  void mixtureRejectsBadWeightsAndMembers() {
    List<BehaviourPolicy> two = List.of(new UniformPolicy(2), new UniformPolicy(2));
    assertThatThrownBy(() -> new MixturePolicy(two, new double[] {1.0}))
        .hasMessageContaining("2 members and 1 weights");
    assertThatThrownBy(() -> new MixturePolicy(two, new double[] {1.0, -1.0}))
        .hasMessageContaining("weight 1 is -1.0");
    assertThatThrownBy(() -> new MixturePolicy(two, new double[] {0.0, 0.0}))
        .hasMessageContaining("sum to 0.0");
    assertThatThrownBy(
            () ->
                new MixturePolicy(
                    List.of(new UniformPolicy(2), new UniformPolicy(3)), new double[] {1, 1}))
        .hasMessageContaining("member 1 has 3 actions");
  }

  @Test
  void policiesAreBuiltByName() {
    DiscreteEnv cartPole = CartPole.v0();
    assertThat(Policies.create("random", cartPole)).isInstanceOf(UniformPolicy.class);
    assertThat(Policies.create("heuristic", cartPole, 1.0).probabilities(LEANING_RIGHT))
        .containsExactly(0.0, 1.0);
    assertThat(Policies.create("bad-heuristic", cartPole, 1.0).probabilities(LEANING_RIGHT))
        .containsExactly(1.0, 0.0);
    assertThat(Policies.create("mixed", cartPole)).isInstanceOf(MixturePolicy.class);
    MixturePolicy mostlyBad = (MixturePolicy) Policies.create("mostly-bad", cartPole, 1.0);
    assertThat(mostlyBad.members()).hasSize(3);
    assertThat(mostlyBad.members().get(0).probabilities(LEANING_RIGHT)).containsExactly(1.0, 0.0);

    DiscreteEnv catchEnv = new CatchEnv();
    for (String name : Policies.NAMES) {
      assertThat(Policies.create(name, catchEnv).actionCount()).isEqualTo(3);
    }
  }

  @Test
  void unknownNamesAndBadArgumentsAreRejected() {
    assertThatThrownBy(() -> Policies.create("greedy", CartPole.v0()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("greedy")
        .hasMessageContaining("random, heuristic, bad-heuristic, mixed, mostly-bad");
    assertThatThrownBy(() -> Policies.create("heuristic", CartPole.v0(), -0.1))
        .hasMessageContaining("-0.1");
    DiscreteEnv other = new CartPoleLike();
    assertThatThrownBy(() -> Policies.create("heuristic", other))
        .hasMessageContaining("no heuristic");
    assertThat(Policies.create("random", other).actionCount()).isEqualTo(2);
  }

  @Test
  void environmentsAreBuiltByName() {
    assertThat(Environments.create("cartpole-v0").name()).isEqualTo("cartpole-v0");
    assertThat(((CartPole) Environments.create("cartpole-v1")).timeLimit()).isEqualTo(500);
    assertThat(Environments.create("catch")).isInstanceOf(CatchEnv.class);
    assertThat(Environments.create("catch")).isNotSameAs(Environments.create("catch"));
    assertThatThrownBy(() -> Environments.create("pong"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'pong'")
        .hasMessageContaining("cartpole-v0, cartpole-v1, catch");
    assertThatThrownBy(() -> Environments.create(null)).hasMessageContaining("'null'");
  }

  /** An environment the factory has no heuristic for. */
  private static final class CartPoleLike implements DiscreteEnv {
    private final CartPole inner = CartPole.v0();

    @Override
    public String name() {
      return "cartpole-like";
    }

    @Override
    public io.sparkrl.datasets.ObservationShape observationShape() {
      return inner.observationShape();
    }

    @Override
    public int actionCount() {
      return inner.actionCount();
    }

    @Override
    public float[] reset(long seed) {
      return inner.reset(seed);
    }

    @Override
    public StepResult step(int action) {
      return inner.step(action);
    }
  }
}
