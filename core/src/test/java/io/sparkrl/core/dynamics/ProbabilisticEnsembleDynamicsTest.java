package io.sparkrl.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ensemble learns a deterministic linear system, is deterministic and survives a zip. */
class ProbabilisticEnsembleDynamicsTest {

  static List<Episode> episodes;
  static ProbabilisticEnsembleDynamics model;

  /** Fresh states and actions from the system's own distribution, not seen in fitting. */
  static final int TEST_ROWS = 500;

  static float[] testObservations;
  static int[] testActions;

  @BeforeAll
  static void fit() {
    episodes = LinearSystem.episodes(40, 26, 3);
    model = ProbabilisticEnsembleDynamics.fit(episodes, LinearSystem.quickOptions());
    SplittableRandom rng = new SplittableRandom(99);
    testObservations = new float[TEST_ROWS * LinearSystem.FEATURES];
    testActions = new int[TEST_ROWS];
    for (int i = 0; i < TEST_ROWS; i++) {
      testObservations[2 * i] = (float) rng.nextDouble(-1, 1);
      testObservations[2 * i + 1] = (float) rng.nextDouble(-1, 1);
      testActions[i] = rng.nextInt(LinearSystem.ACTIONS);
    }
  }

  @Test
  void learnsTheLinearSystemWellBelowTheDataVariance() {
    DynamicsPrediction p = model.predict(testObservations, testActions, TEST_ROWS);
    double obsError = 0;
    double rewardError = 0;
    float[][] truth = new float[TEST_ROWS][];
    float[] trueRewards = new float[TEST_ROWS];
    for (int i = 0; i < TEST_ROWS; i++) {
      float[] s = {testObservations[2 * i], testObservations[2 * i + 1]};
      truth[i] = LinearSystem.next(s, testActions[i]);
      trueRewards[i] = LinearSystem.reward(s, testActions[i]);
      float[] predicted = p.nextObservation(i);
      for (int j = 0; j < 2; j++) {
        obsError += Math.pow(predicted[j] - truth[i][j], 2) / 2;
      }
      rewardError += Math.pow(p.rewards()[i] - trueRewards[i], 2);
    }
    obsError /= TEST_ROWS;
    rewardError /= TEST_ROWS;
    assertThat(obsError).isLessThan(0.02 * variance(truth));
    assertThat(rewardError).isLessThan(0.02 * variance(trueRewards));
    for (float v : p.variances()) {
      assertThat(v).isPositive().isFinite();
    }
  }

  @Test
  void fitsOnEveryRowWithASuccessorOnly() {
    int expected = 0;
    for (Episode e : episodes) {
      expected += e.length() - 1;
    }
    assertThat(model.trainingTransitions()).isEqualTo(expected);
    assertThat(model.observationSize()).isEqualTo(2);
    assertThat(model.actionSize()).isEqualTo(2);
    assertThat(model.nEnsembles()).isEqualTo(3);
    double[] losses = model.epochLosses();
    assertThat(losses).hasSize(15);
    assertThat(losses[losses.length - 1]).isLessThan(losses[0]);
  }

  @Test
  void theSameSeedGivesTheSameModel() {
    DynamicsFitOptions quick = LinearSystem.quickOptions().withNEpochs(2);
    try (ProbabilisticEnsembleDynamics a = ProbabilisticEnsembleDynamics.fit(episodes, quick);
        ProbabilisticEnsembleDynamics b = ProbabilisticEnsembleDynamics.fit(episodes, quick);
        ProbabilisticEnsembleDynamics c =
            ProbabilisticEnsembleDynamics.fit(episodes, quick.withSeed(12))) {
      float[] pa = a.predict(testObservations, testActions, TEST_ROWS).nextObservations();
      assertThat(b.predict(testObservations, testActions, TEST_ROWS).nextObservations())
          .isEqualTo(pa);
      assertThat(c.predict(testObservations, testActions, TEST_ROWS).nextObservations())
          .isNotEqualTo(pa);
    }
  }

  @Test
  void saveAndLoadGiveIdenticalPredictions(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("dynamics.zip");
    model.save(file);
    try (ProbabilisticEnsembleDynamics loaded = ProbabilisticEnsembleDynamics.load(file)) {
      DynamicsPrediction before = model.predict(testObservations, testActions, TEST_ROWS);
      DynamicsPrediction after = loaded.predict(testObservations, testActions, TEST_ROWS);
      assertThat(after.nextObservations()).isEqualTo(before.nextObservations());
      assertThat(after.rewards()).isEqualTo(before.rewards());
      assertThat(after.variances()).isEqualTo(before.variances());
      DynamicsPrediction sampledBefore =
          model.sample(testObservations, testActions, TEST_ROWS, new SplittableRandom(5));
      DynamicsPrediction sampledAfter =
          loaded.sample(testObservations, testActions, TEST_ROWS, new SplittableRandom(5));
      assertThat(sampledAfter.nextObservations()).isEqualTo(sampledBefore.nextObservations());
      assertThat(loaded.options()).isEqualTo(model.options());
      assertThat(loaded.epochLosses()).isEqualTo(model.epochLosses());
      assertThat(loaded.trainingTransitions()).isEqualTo(model.trainingTransitions());
    }
  }

  @Test
  void aNewerFormatVersionIsRefused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    model.save(bytes);
    byte[] rewritten =
        ZipEntries.replaceText(
            bytes.toByteArray(),
            DynamicsArchive.METADATA,
            "\"format_version\" : 1",
            "\"format_version\" : 99");
    assertThatThrownBy(
            () -> ProbabilisticEnsembleDynamics.load(new ByteArrayInputStream(rewritten), "m.zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("m.zip")
        .hasMessageContaining("format_version 99");
  }

  @Test
  void forgedSizesAreRefusedBeforeAnyMemberIsRead() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    model.save(bytes);
    byte[] members =
        ZipEntries.replaceText(
            bytes.toByteArray(),
            DynamicsArchive.METADATA,
            "\"n_ensembles\" : " + model.nEnsembles(),
            "\"n_ensembles\" : 2000000000");
    assertThatThrownBy(
            () -> ProbabilisticEnsembleDynamics.load(new ByteArrayInputStream(members), "n.zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n.zip: 2000000000 ensemble members")
        .hasMessageContaining("outside the limit");
    byte[] overflow =
        ZipEntries.replaceText(
            bytes.toByteArray(),
            DynamicsArchive.METADATA,
            "\"hidden_units\" : [ ",
            "\"hidden_units\" : [ 2000000000, 2000000000, ");
    assertThatThrownBy(
            () -> ProbabilisticEnsembleDynamics.load(new ByteArrayInputStream(overflow), "h.zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("h.zip");
  }

  @Test
  void metadataMustComeFirst() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    model.save(bytes);
    byte[] reordered = ZipEntries.moveToEnd(bytes.toByteArray(), DynamicsArchive.METADATA);
    assertThatThrownBy(
            () -> ProbabilisticEnsembleDynamics.load(new ByteArrayInputStream(reordered), "r.zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r.zip: not a sparkrl dynamics model, its first entry is not");
  }

  @Test
  void imageObservationsAreRefused() {
    Episode images =
        Episode.ofImages(
            "img",
            ObservationShape.image(1, 2, 2),
            new byte[8],
            new int[] {0, 1},
            new float[] {0f, 1f},
            null,
            EndKind.TERMINAL);
    assertThatThrownBy(
            () -> ProbabilisticEnsembleDynamics.fit(List.of(images), DynamicsFitOptions.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dynamics")
        .hasMessageContaining("image");
  }

  @Test
  void anActionOutsideTheModelIsRefused() {
    assertThatThrownBy(() -> model.predict(new float[] {0f, 0f}, new int[] {2}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("action 2")
        .hasMessageContaining("[0, 2)");
  }

  private static double variance(float[][] rows) {
    double total = 0;
    for (int j = 0; j < rows[0].length; j++) {
      float[] column = new float[rows.length];
      for (int i = 0; i < rows.length; i++) {
        column[i] = rows[i][j];
      }
      total += variance(column);
    }
    return total / rows[0].length;
  }

  private static double variance(float[] values) {
    double mean = 0;
    for (float v : values) {
      mean += v;
    }
    mean /= values.length;
    double sum = 0;
    for (float v : values) {
      sum += (v - mean) * (v - mean);
    }
    return sum / values.length;
  }
}
