package io.sparkrl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.DynamicsSpec;
import io.sparkrl.core.dynamics.DynamicsFitOptions;
import io.sparkrl.core.dynamics.ProbabilisticEnsembleDynamics;
import io.sparkrl.core.returns.LambdaReturns;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.env.CartPoleFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit with {@code dynamics}: generated transitions join every epoch; bad input is refused. */
class DiscreteAWRDynamicsTest {

  static final int N_TRANSITIONS = 40;
  static final int HORIZON = 3;
  static final int BATCH_SIZE = 64;

  @TempDir static Path dir;

  static List<Episode> episodes;
  static ProbabilisticEnsembleDynamics dynamics;
  static Path modelPath;

  @BeforeAll
  static void fitDynamics() throws Exception {
    episodes = CartPoleFixtures.episodes(600, 1);
    dynamics =
        ProbabilisticEnsembleDynamics.fit(
            episodes,
            DynamicsFitOptions.DEFAULTS
                .withNEnsembles(2)
                .withHiddenUnits(List.of(16, 16))
                .withNEpochs(2)
                .withSeed(4));
    modelPath = dir.resolve("dynamics.zip");
    dynamics.save(modelPath);
  }

  static AwrConfig.Builder withDynamics() {
    return DiscreteAWRTestData.tiny()
        .dynamics(
            new DynamicsSpec(
                DynamicsSpec.TYPE_PROBABILISTIC_ENSEMBLE,
                modelPath.toString(),
                N_TRANSITIONS,
                HORIZON));
  }

  static FitOptions options(String name) {
    return FitOptions.builder()
        .logdir(dir.toString())
        .experimentName(name)
        .withTimestamp(false)
        .verbose(false)
        .showProgress(false)
        .build();
  }

  @Test
  void everyEpochIteratesOverRealAndGeneratedTransitions() throws Exception {
    int real = 0;
    for (Episode e : episodes) {
      real += e.transitionCount();
    }
    int perEpoch = (real + N_TRANSITIONS * HORIZON) / BATCH_SIZE;
    assertThat(perEpoch).isGreaterThan(real / BATCH_SIZE);
    DiscreteAWR algo = new DiscreteAWR(withDynamics().build(), 7);
    List<java.util.Map<String, Double>> history = algo.fit(episodes, options("with-dynamics"));
    assertThat(history).hasSize(2);
    assertThat(history.get(1).get(io.sparkrl.core.train.MetricNames.CRITIC_LOSS)).isFinite();
    List<String> lines =
        Files.readAllLines(dir.resolve("with-dynamics").resolve("critic_loss.csv"));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("0," + perEpoch + ",");
    assertThat(lines.get(1)).startsWith("1," + 2 * perEpoch + ",");
  }

  @Test
  void generatedTransitionsReturnRPlusGammaVOfTheNextState() throws Exception {
    DiscreteAWR algo = new DiscreteAWR(withDynamics().nEpochs(1).build(), 3);
    algo.fit(episodes, options("returns"));
    List<Episode> generated = dynamics.generate(algo, episodes, 5, 2, new SplittableRandom(8));
    double gamma = algo.config().gamma();
    double lambda = algo.config().lam();
    for (Episode e : generated) {
      float[] returns = LambdaReturns.compute(e, algo.impl().episodeValues(e), gamma, lambda);
      double expected = e.reward(0) + gamma * algo.predictValue(e.observation(1), 1)[0];
      assertThat(returns).hasSize(1);
      assertThat((double) returns[0]).isCloseTo(expected, offset(1e-5));
    }
  }

  @Test
  void imageObservationsWithDynamicsAreRefused() {
    Episode images =
        Episode.ofImages(
            "img",
            ObservationShape.image(1, 4, 4),
            new byte[32],
            new int[] {0, 1},
            new float[] {0f, 1f},
            null,
            EndKind.TERMINAL);
    DiscreteAWR algo = new DiscreteAWR(withDynamics().scaler(null).build());
    assertThatThrownBy(() -> algo.fit(List.of(images), options("images")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dynamics")
        .hasMessageContaining("image");
    assertThat(dir.resolve("images")).doesNotExist();
  }

  @Test
  void frameStackingWithDynamicsIsRefused() {
    DiscreteAWR algo = new DiscreteAWR(withDynamics().nFrames(4).build());
    assertThatThrownBy(() -> algo.fit(episodes, options("frames")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dynamics")
        .hasMessageContaining("n_frames=4");
  }

  @Test
  void aMissingDynamicsModelStopsBeforeTheRunDirectory() {
    AwrConfig config =
        DiscreteAWRTestData.tiny()
            .dynamics(
                new DynamicsSpec(
                    DynamicsSpec.TYPE_PROBABILISTIC_ENSEMBLE,
                    dir.resolve("absent.zip").toString(),
                    N_TRANSITIONS,
                    HORIZON))
            .build();
    assertThatThrownBy(() -> new DiscreteAWR(config).fit(episodes, options("absent")))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("absent.zip");
    assertThat(dir.resolve("absent")).doesNotExist();
  }
}
