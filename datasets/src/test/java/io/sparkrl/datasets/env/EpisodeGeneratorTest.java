package io.sparkrl.datasets.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeSink;
import io.sparkrl.datasets.ObservationShape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpisodeGeneratorTest {

  /** A scripted environment: observation [t], reward 10 + action, ends after {@code length}. */
  private static final class ScriptedEnv implements DiscreteEnv {
    private final int length;
    private final boolean truncates;
    private final float pixel;
    private int t;

    ScriptedEnv(int length, boolean truncates) {
      this(length, truncates, Float.NaN);
    }

    /** With a non-NaN pixel, an image env whose frames are [pixel]. */
    ScriptedEnv(int length, boolean truncates, float pixel) {
      this.length = length;
      this.truncates = truncates;
      this.pixel = pixel;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public ObservationShape observationShape() {
      return Float.isNaN(pixel) ? ObservationShape.vector(1) : ObservationShape.image(1, 1, 1);
    }

    @Override
    public int actionCount() {
      return 2;
    }

    @Override
    public float[] reset(long seed) {
      t = 0;
      return observation();
    }

    @Override
    public StepResult step(int action) {
      t++;
      boolean end = length > 0 && t == length;
      return new StepResult(observation(), 10 + action, end && !truncates, end && truncates);
    }

    private float[] observation() {
      return new float[] {Float.isNaN(pixel) ? t : pixel};
    }
  }

  private static final BehaviourPolicy ALWAYS_ONE =
      new NoisyHeuristicPolicy(2, 0.5, observation -> 1);

  @Test
  void terminalEpisodeHasOneRowPerStep() {
    Episode episode = EpisodeGenerator.generate(new ScriptedEnv(4, false), ALWAYS_ONE, 1, "e");

    assertThat(episode.id()).isEqualTo("e");
    assertThat(episode.end()).isEqualTo(EndKind.TERMINAL);
    assertThat(episode.length()).isEqualTo(4);
    assertThat(episode.transitionCount()).isEqualTo(4);
    assertThat(episode.vectorData()).containsExactly(0f, 1f, 2f, 3f);
    for (int t = 0; t < 4; t++) {
      assertThat(episode.reward(t)).isEqualTo(10f + episode.action(t));
      assertThat(episode.actionProb(t)).isEqualTo(episode.action(t) == 1 ? 0.75f : 0.25f);
    }
    assertThat(episode.isTerminal(3)).isTrue();
  }

  @Test
  void truncatedEpisodeEndsWithTheBootstrapState() {
    Episode episode = EpisodeGenerator.generate(new ScriptedEnv(4, true), ALWAYS_ONE, 1, "e");

    assertThat(episode.end()).isEqualTo(EndKind.TIMEOUT);
    assertThat(episode.length()).isEqualTo(5);
    assertThat(episode.transitionCount()).isEqualTo(4);
    assertThat(episode.vectorData()).containsExactly(0f, 1f, 2f, 3f, 4f);
    assertThat(episode.reward(3)).isEqualTo(10f + episode.action(3));
    assertThat(episode.reward(4)).isZero();
    assertThat(episode.actionProb(4)).isEqualTo(episode.action(4) == 1 ? 0.75f : 0.25f);
    assertThat(episode.isTerminal(3)).isFalse();
  }

  @Test
  void cartPoleUnderThePerfectHeuristicTimesOutAt200() {
    BehaviourPolicy perfect = Policies.create("heuristic", CartPole.v0(), 1.0);
    for (long seed = 0; seed < 5; seed++) {
      Episode episode = EpisodeGenerator.generate(CartPole.v0(), perfect, seed, "p");
      assertThat(episode.end()).isEqualTo(EndKind.TIMEOUT);
      assertThat(episode.length()).isEqualTo(201);
      assertThat(episode.transitionCount()).isEqualTo(200);
      assertThat(episode.reward(199)).isEqualTo(1f);
      assertThat(episode.reward(200)).isZero();
      assertThat(episode.actionProb(200)).isEqualTo(1f);
      assertThat(episode.shape()).isEqualTo(ObservationShape.vector(4));
    }
  }

  @Test
  void cartPoleUnderRandomActionsEndsTerminalWithUnitRewards() {
    DiscreteEnv env = CartPole.v0();
    Episode episode = EpisodeGenerator.generate(env, new UniformPolicy(2), 3, "r");
    assertThat(episode.end()).isEqualTo(EndKind.TERMINAL);
    assertThat(episode.length()).isBetween(5, 199);
    for (int t = 0; t < episode.length(); t++) {
      assertThat(episode.reward(t)).isEqualTo(1f);
      assertThat(episode.actionProb(t)).isEqualTo(0.5f);
    }
    float[] last = episode.observation(episode.length() - 1);
    assertThat(last[0]).as("the last row is s_{T-1}, still inside").isBetween(-2.4f, 2.4f);
  }

  @Test
  void catchEpisodesAreStoredAsImages() {
    CatchEnv env = new CatchEnv();
    BehaviourPolicy heuristic = Policies.create("heuristic", env, 1.0);
    int caught = 0;
    int missed = 0;
    for (long seed = 0; seed < 20; seed++) {
      Episode episode = EpisodeGenerator.generate(env, heuristic, seed, "c");
      assertThat(episode.shape()).isEqualTo(ObservationShape.image(1, 9, 9));
      assertThat(episode.end()).isEqualTo(EndKind.TERMINAL);
      assertThat(episode.length()).isEqualTo(8);
      float last = episode.reward(7);
      assertThat(last).isIn(1f, -1f);
      assertThat(episode.rewards()).containsExactly(0f, 0f, 0f, 0f, 0f, 0f, 0f, last);
      caught += last > 0 ? 1 : 0;
      missed += last < 0 ? 1 : 0;
      for (byte value : episode.imageData()) {
        assertThat(value).isIn((byte) 0, (byte) 255);
      }
      float[] first = episode.observation(0);
      int topRowLit = 0;
      for (int c = 0; c < 9; c++) {
        topRowLit += first[c] == 255f ? 1 : 0;
      }
      assertThat(topRowLit).isEqualTo(1);
    }
    // The single-frame heuristic catches most balls but not all (it cannot see the direction).
    assertThat(caught).isGreaterThan(missed);
    assertThat(missed).isPositive();
  }

  @Test
  void sameSeedSameEpisode() {
    for (String policy : Policies.NAMES) {
      for (String envName : Environments.NAMES) {
        DiscreteEnv env = Environments.create(envName);
        Episode a = EpisodeGenerator.generate(env, Policies.create(policy, env), 21, "x");
        DiscreteEnv fresh = Environments.create(envName);
        Episode b = EpisodeGenerator.generate(fresh, Policies.create(policy, fresh), 21, "x");
        assertThat(a).as("%s on %s", policy, envName).isEqualTo(b);
      }
    }
    DiscreteEnv env = CartPole.v0();
    BehaviourPolicy random = new UniformPolicy(2);
    assertThat(EpisodeGenerator.generate(env, random, 1, "x"))
        .isNotEqualTo(EpisodeGenerator.generate(env, random, 2, "x"));
  }

  @Test
  void episodeSeedIndexesTheSplittableRandomSequence() {
    SplittableRandom sequence = new SplittableRandom(77);
    for (int i = 0; i < 10; i++) {
      assertThat(EpisodeGenerator.episodeSeed(77, i)).isEqualTo(sequence.nextLong());
    }
    assertThatThrownBy(() -> EpisodeGenerator.episodeSeed(77, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void batchNumbersEpisodesAndReportsRows() throws IOException {
    DiscreteEnv env = CartPole.v0();
    BehaviourPolicy policy = Policies.create("mixed", env);
    List<Episode> episodes = new ArrayList<>();
    long[] rows = {0};
    try (EpisodeSink sink = listSink(episodes)) {
      EpisodeGenerator.generate(env, policy, 12, 5, sink, n -> rows[0] += n);
    }

    assertThat(episodes)
        .extracting(Episode::id)
        .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
    assertThat(rows[0]).isEqualTo(episodes.stream().mapToLong(Episode::length).sum());
    for (int i = 0; i < episodes.size(); i++) {
      Episode alone =
          EpisodeGenerator.generate(
              env, policy, EpisodeGenerator.episodeSeed(5, i), Integer.toString(i));
      assertThat(episodes.get(i)).isEqualTo(alone);
    }
  }

  @Test
  void mixedPolicyHasAMediumBehaviourReturnOnCartPoleV0() throws IOException {
    DiscreteEnv env = Environments.create("cartpole-v0");
    List<Episode> episodes = new ArrayList<>();
    EpisodeGenerator.generate(
        env, Policies.create("mixed", env), 200, 2024, listSink(episodes), rows -> {});
    double mean =
        episodes.stream()
            .mapToDouble(EpisodeGeneratorTest::behaviourReturn)
            .average()
            .orElseThrow();
    assertThat(mean).isBetween(25.0, 60.0);
    assertThat(episodes).anyMatch(e -> e.end() == EndKind.TIMEOUT);
  }

  @Test
  void policyQualityOrdersTheReturns() throws IOException {
    DiscreteEnv env = CartPole.v0();
    double bad = meanReturn(env, "bad-heuristic");
    double random = meanReturn(env, "random");
    double good = meanReturn(env, "heuristic");
    assertThat(bad).isLessThan(random);
    assertThat(random).isLessThan(good);
  }

  private static double meanReturn(DiscreteEnv env, String policy) throws IOException {
    List<Episode> episodes = new ArrayList<>();
    EpisodeGenerator.generate(
        env, Policies.create(policy, env), 200, 9, listSink(episodes), rows -> {});
    return episodes.stream()
        .mapToDouble(EpisodeGeneratorTest::behaviourReturn)
        .average()
        .orElseThrow();
  }

  /** The undiscounted return over the episode's transitions (the timeout row excluded). */
  private static double behaviourReturn(Episode episode) {
    double sum = 0;
    for (int t = 0; t < episode.transitionCount(); t++) {
      sum += episode.reward(t);
    }
    return sum;
  }

  @Test
  void rejectsMismatchedPoliciesBadPixelsAndEndlessEpisodes() {
    assertThatThrownBy(
            () -> EpisodeGenerator.generate(new CatchEnv(), new UniformPolicy(2), 1, "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 2 actions")
        .hasMessageContaining("catch has 3");
    assertThatThrownBy(
            () -> EpisodeGenerator.generate(new ScriptedEnv(3, false, 0.5f), ALWAYS_ONE, 1, "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("episode p, step 0: image value 0.5");
    assertThatThrownBy(
            () -> EpisodeGenerator.generate(new ScriptedEnv(3, false, 256f), ALWAYS_ONE, 1, "p"))
        .hasMessageContaining("image value 256.0");
    assertThatThrownBy(
            () -> EpisodeGenerator.generate(new ScriptedEnv(0, false), ALWAYS_ONE, 1, "n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not ended after " + EpisodeGenerator.MAX_ROWS);
  }

  private static EpisodeSink listSink(List<Episode> episodes) {
    return new EpisodeSink() {
      @Override
      public void accept(Episode episode) {
        episodes.add(episode);
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void generateUntilStopsAtTheFirstEpisodeThatReachesTheTarget() {
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    BehaviourPolicy policy = Policies.create(Policies.MIXED, env);
    List<Episode> episodes =
        EpisodeGenerator.generateUntil(env, policy, 5, 500, Episode::transitionCount);
    long total = episodes.stream().mapToLong(Episode::transitionCount).sum();
    long withoutLast = total - episodes.get(episodes.size() - 1).transitionCount();
    assertThat(total).isGreaterThanOrEqualTo(500);
    assertThat(withoutLast).isLessThan(500);
    for (int i = 0; i < episodes.size(); i++) {
      assertThat(episodes.get(i))
          .isEqualTo(
              EpisodeGenerator.generate(
                  env, policy, EpisodeGenerator.episodeSeed(5, i), Integer.toString(i)));
    }
  }
}
