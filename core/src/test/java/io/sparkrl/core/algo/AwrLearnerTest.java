package io.sparkrl.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.assertj.core.data.Offset.offset;

import io.sparkrl.core.config.AugmentationSpec;
import io.sparkrl.core.config.AugmentationType;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.nn.AwrNetworks;
import io.sparkrl.core.preprocessing.ObservationAugmentation;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import java.util.List;
import java.util.random.RandomGenerator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class AwrLearnerTest {

  private static final EncoderParams TINY = new EncoderParams(List.of(4), null, null, null);

  private static AwrConfig.Builder small() {
    return AwrConfig.builder()
        .encoderParams(TINY)
        .batchSize(5)
        .batchSizePerUpdate(2)
        .nCriticUpdates(3)
        .nActorUpdates(5)
        .actorLearningRate(0.05)
        .criticLearningRate(0.05);
  }

  /** ep0 terminal, rewards 1, 2, 3; ep1 cut off, rewards 0.5, −1 (and an unused 9). */
  private static List<Episode> episodes() {
    return List.of(
        Episode.ofVectors(
            "e0",
            2,
            new float[] {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f},
            new int[] {0, 1, 2},
            new float[] {1, 2, 3},
            null,
            EndKind.TERMINAL),
        Episode.ofVectors(
            "e1",
            2,
            new float[] {-0.7f, 0.8f, 0.9f, 0.05f, -0.15f, 0.25f},
            new int[] {2, 1, 0},
            new float[] {0.5f, -1, 9},
            null,
            EndKind.TIMEOUT));
  }

  private static final int[][] BATCH = {{0, 2}, {1, 0}, {0, 0}, {1, 1}, {0, 1}};

  @Test
  void targetsWithAConstantCriticMatchAHandComputation() {
    double gamma = 0.9;
    double lam = 0.5;
    double beta = 0.5;
    double maxWeight = 3.0;
    float c = 0.25f;
    AwrLearner learner =
        new AwrLearner(
            small().gamma(gamma).lam(lam).beta(beta).maxWeight(maxWeight).build(),
            new int[] {2},
            3,
            null,
            1);
    MultiLayerNetwork critic = learner.critic();
    critic.params().assign(0);
    critic.getLayer(critic.getnLayers() - 1).getParam("b").assign(c);

    Targets targets = learner.computeTargets(episodes(), BATCH);

    // ep0: G2 = 3, G1 = 2 + γ((1−λ)c + λ·G2), G0 = 1 + γ((1−λ)c + λ·G1)
    double g02 = 3;
    double g01 = 2 + gamma * ((1 - lam) * c + lam * g02);
    double g00 = 1 + gamma * ((1 - lam) * c + lam * g01);
    // ep1 cut off: G1 = −1 + γ·V(s_2), G0 = 0.5 + γ((1−λ)c + λ·G1)
    double g11 = -1 + gamma * c;
    double g10 = 0.5 + gamma * ((1 - lam) * c + lam * g11);
    double[] g = {g02, g10, g00, g11, g01};
    double mean = 0;
    for (double v : g) {
      mean += (v - c) / g.length;
    }
    double var = 0;
    for (double v : g) {
      var += (v - c - mean) * (v - c - mean) / g.length;
    }
    double std = Math.sqrt(var);
    for (int i = 0; i < g.length; i++) {
      assertThat(targets.returns()[i]).isCloseTo((float) g[i], offset(1e-5f));
      assertThat(targets.baselines()[i]).isCloseTo(c, offset(1e-6f));
      double w = Math.min(Math.exp((g[i] - c - mean) / (std + 1e-5) / beta), maxWeight);
      assertThat((double) targets.weights()[i]).isCloseTo(w, offset(1e-4));
    }
    assertThat(targets.weights()).contains((float) maxWeight); // the clip is exercised
  }

  @Test
  void takesExactlyTheConfiguredStepsOnSlicesTakenInTurn() {
    AwrLearner learner = new AwrLearner(small().build(), new int[] {2}, 3, null, 5);
    List<Episode> episodes = episodes();
    Targets targets = learner.computeTargets(episodes, BATCH);
    float[] obs = learner.inputs().gather(episodes, BATCH);
    int[] actions = {2, 2, 0, 1, 1};
    MultiLayerNetwork critic = learner.critic().clone();
    MultiLayerNetwork actor = learner.actor().clone();

    UpdateResult result = learner.train(obs, actions, targets);

    assertThat(learner.critic().getIterationCount()).isEqualTo(3);
    assertThat(learner.actor().getIterationCount()).isEqualTo(5);
    // 5 rows, slices of 2: rows [0,2), [2,4), [0,2), … ; row 4 never gets a step
    int[] starts = {0, 2, 0, 2, 0};
    for (int s = 0; s < starts.length; s++) {
      assertThat(AwrLearner.miniBatchStart(s, 5, 2)).isEqualTo(starts[s]);
    }
    double criticSum = 0;
    for (int s = 0; s < 3; s++) {
      INDArray x = learner.inputs().tensor(slice(obs, starts[s] * 2, 4), 2);
      critic.fit(AwrNetworks.criticBatch(x, slice(targets.returns(), starts[s], 2)));
      criticSum += critic.score();
    }
    double actorSum = 0;
    for (int s = 0; s < 5; s++) {
      INDArray x = learner.inputs().tensor(slice(obs, starts[s] * 2, 4), 2);
      int[] a = {actions[starts[s]], actions[starts[s] + 1]};
      actor.fit(AwrNetworks.actorBatch(x, a, slice(targets.weights(), starts[s], 2), 3));
      actorSum += actor.score();
    }
    assertThat(learner.critic().params()).isEqualTo(critic.params());
    assertThat(learner.actor().params()).isEqualTo(actor.params());
    assertThat(result.criticLoss()).isCloseTo(criticSum / 3, withinPercentage(1e-4));
    assertThat(result.actorLoss()).isCloseTo(actorSum / 5, withinPercentage(1e-4));
    assertThat(result.weights()).isEqualTo(targets.meanWeight());
  }

  @Test
  void withTwoAugmentedCopiesTheLossIsTheMeanOverCopies() {
    AwrConfig config =
        small().batchSize(4).batchSizePerUpdate(4).nCriticUpdates(1).nActorUpdates(1).build();
    AwrConfig twoCopies = config.toBuilder().nAugmentations(2).build();
    AwrLearner learner = new AwrLearner(twoCopies, new int[] {2}, 3, null, 9, new CopyScaling());
    int[][] batch = {{0, 0}, {0, 1}, {1, 0}, {0, 2}};
    List<Episode> episodes = episodes();
    Targets targets = learner.computeTargets(episodes, batch);
    float[] obs = learner.inputs().gather(episodes, batch);
    int[] actions = {0, 1, 2, 1};
    double[] criticPerCopy = new double[2];
    double[] actorPerCopy = new double[2];
    for (int k = 0; k < 2; k++) {
      float[] scaled = obs.clone();
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] *= k + 1;
      }
      INDArray x = learner.inputs().tensor(scaled, 4);
      INDArray v = learner.critic().output(x, false);
      INDArray p = learner.actor().output(x, false);
      for (int i = 0; i < 4; i++) {
        double d = v.getDouble(i, 0) - targets.returns()[i];
        criticPerCopy[k] += d * d / 4;
        actorPerCopy[k] -= targets.weights()[i] * Math.log(p.getDouble(i, actions[i])) / 4;
      }
    }

    UpdateResult result = learner.train(obs, actions, targets);

    assertThat(result.criticLoss())
        .isCloseTo((criticPerCopy[0] + criticPerCopy[1]) / 2, offset(1e-5));
    // the actor's step follows the critic's, and its copies are scaled by 1 and 2 again
    assertThat(result.actorLoss()).isCloseTo((actorPerCopy[0] + actorPerCopy[1]) / 2, offset(1e-5));
    assertThat(criticPerCopy[0]).isNotCloseTo(criticPerCopy[1], offset(1e-3));
  }

  @Test
  void theSameSeedGivesTheSameIteration() {
    AwrConfig config =
        small()
            .augmentation(List.of(AugmentationSpec.of(AugmentationType.SINGLE_AMPLITUDE_SCALING)))
            .nAugmentations(2)
            .build();
    AwrLearner a = new AwrLearner(config, new int[] {2}, 3, null, 42);
    AwrLearner b = new AwrLearner(config, new int[] {2}, 3, null, 42);
    AwrLearner other = new AwrLearner(config, new int[] {2}, 3, null, 43);
    UpdateResult ra = a.update(episodes(), BATCH);
    UpdateResult rb = b.update(episodes(), BATCH);
    assertThat(ra).isEqualTo(rb);
    assertThat(a.actor().params()).isEqualTo(b.actor().params());
    assertThat(a.critic().params()).isEqualTo(b.critic().params());
    assertThat(other.actor().params()).isNotEqualTo(a.actor().params());
  }

  @Test
  void predictionsAgreeWithTheNetworks() {
    AwrLearner learner = new AwrLearner(small().build(), new int[] {2}, 3, null, 3);
    float[] raw = {0.1f, 0.2f, -0.5f, 0.9f};
    INDArray x = learner.inputs().tensor(raw, 2);
    INDArray probs = learner.actor().output(x, false);
    assertThat(learner.predict(raw, 2))
        .containsExactly(probs.getRow(0).argMax().getInt(0), probs.getRow(1).argMax().getInt(0));
    float[] values = learner.critic().output(x, false).data().asFloat();
    assertThat(learner.predictValue(raw, 2))
        .containsExactly(values, within(1e-5f * Math.max(1f, Math.abs(values[0]))));
    int n = 4000;
    float[] same = new float[2 * n];
    for (int i = 0; i < n; i++) {
      same[2 * i] = raw[0];
      same[2 * i + 1] = raw[1];
    }
    int[] counts = new int[3];
    for (int a : learner.sampleAction(same, n, new java.util.SplittableRandom(1))) {
      counts[a]++;
    }
    for (int a = 0; a < 3; a++) {
      assertThat((double) counts[a] / n).isCloseTo(probs.getDouble(0, a), offset(0.03));
    }
  }

  private static float[] slice(float[] values, int from, int count) {
    return java.util.Arrays.copyOfRange(values, from, from + count);
  }

  /** Scales the k-th call's copy by 1 + (k mod 2): copies 1·x and 2·x, deterministic. */
  private static final class CopyScaling implements ObservationAugmentation {
    private static final long serialVersionUID = 1L;
    private int calls;

    @Override
    public void apply(float[] batch, int rows, int[] shape, RandomGenerator rng) {
      float factor = 1 + (calls++ % 2);
      for (int i = 0; i < rows * shape[0]; i++) {
        batch[i] *= factor;
      }
    }

    @Override
    public String name() {
      return "copy_scaling";
    }

    @Override
    public void checkShape(int[] shape) {}
  }
}
