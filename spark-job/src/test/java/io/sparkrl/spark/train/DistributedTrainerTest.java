package io.sparkrl.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.FitOptions;
import io.sparkrl.core.algo.EpochPermutation;
import io.sparkrl.core.algo.LearnerState;
import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.algo.UpdateResult;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import io.sparkrl.spark.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributedTrainerTest extends SparkTestBase {

  private static final long SEED = 11;
  private static List<Episode> episodes;
  private static JavaSparkContext sc;

  @BeforeAll
  static void data() {
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    List<Episode> generated =
        EpisodeGenerator.generateUntil(
            env, Policies.create(Policies.MIXED, env), 3, 1500, Episode::transitionCount);
    episodes = new ArrayList<>(generated);
    episodes.sort(Comparator.comparing(Episode::id));
  }

  private static AwrConfig config() {
    return AwrConfig.builder()
        .encoderParams(new EncoderParams(List.of(16, 16), null, null, null))
        .batchSize(256)
        .batchSizePerUpdate(64)
        .nCriticUpdates(9)
        .nActorUpdates(13)
        .nEpochs(2)
        .build();
  }

  @Test
  void oneWorkerWithReturnsEveryIterationEqualsSingleProcessFit(@TempDir Path logs)
      throws Exception {
    DiscreteAWR single = new DiscreteAWR(config(), SEED);
    single.fit(episodes, FitOptions.builder().logdir(logs.toString()).withTimestamp(false).build());

    DiscreteAWR distributed = new DiscreteAWR(config(), SEED);
    distributed.createImpl(new int[] {4}, 2);
    DistributedTrainer trainer =
        new DistributedTrainer(
            sc,
            distributed.impl(),
            new int[] {4},
            new AveragingSettings(1, 4, 64, 1),
            "one-worker");
    long transitions = new TransitionIndex(episodes).size();
    List<UpdateResult> results = new ArrayList<>();
    for (int epoch = 0; epoch < 2; epoch++) {
      trainer.trainEpoch(
          epoch,
          EpochPermutation.forEpoch(transitions, distributed.permutationSeed(), epoch),
          new DriverTargets(sc, episodes, 3),
          (e, it, n, r) -> results.add(r));
    }

    assertThat(results).hasSize(2 * (int) (transitions / 256));
    LearnerState expected = single.impl().state();
    LearnerState actual = distributed.impl().state();
    assertClose(actual.critic().params(), expected.critic().params());
    assertClose(actual.critic().updaterState(), expected.critic().updaterState());
    assertClose(actual.actor().params(), expected.actor().params());
    assertClose(actual.actor().updaterState(), expected.actor().updaterState());
    Map<String, List<Double>> unused = single.evalResults();
    assertThat(unused).isEmpty();
  }

  @Test
  void slicesHoldExactlyEachWorkersShareOfTheCoreBatch() {
    DiscreteAWR model = new DiscreteAWR(config(), SEED);
    model.createImpl(new int[] {4}, 2);
    TransitionIndex index = new TransitionIndex(episodes);
    EpochPermutation permutation = EpochPermutation.forEpoch(index.size(), 5, 0);
    BatchAssignment assignment = new BatchAssignment(permutation, 256, 3, 1, 4);
    Broadcast<BatchAssignment> b = sc.broadcast(assignment);
    List<IterationSlice> slices =
        IterationSlices.build(new DriverTargets(sc, episodes, 2).targets(model.impl()), b)
            .collect();
    assertThat(slices).hasSize(3 * 3);
    for (IterationSlice s : slices) {
      int[][] batch = index.batch(permutation, s.iteration(), 256);
      int start = assignment.shareStart(s.worker());
      assertThat(s.size()).isEqualTo(assignment.shareSize(s.worker()));
      for (int r = 0; r < s.size(); r++) {
        int[] pair = batch[start + r];
        Episode e = episodes.get(pair[0]);
        assertThat(s.actions()[r]).isEqualTo(e.action(pair[1]));
        assertThat(s.observations()[r * 4]).isEqualTo(e.observation(pair[1])[0]);
      }
    }
  }

  @Test
  void twoWorkersTrainTheCriticTowardsTheReturns() {
    DiscreteAWR model = new DiscreteAWR(config().toBuilder().nCriticUpdates(30).build(), SEED);
    model.createImpl(new int[] {4}, 2);
    DistributedTrainer trainer =
        new DistributedTrainer(
            sc, model.impl(), new int[] {4}, new AveragingSettings(2, 10, 32, 0), "two-workers");
    long transitions = new TransitionIndex(episodes).size();
    List<UpdateResult> results = new ArrayList<>();
    for (int epoch = 0; epoch < 2; epoch++) {
      trainer.trainEpoch(
          epoch,
          EpochPermutation.forEpoch(transitions, model.permutationSeed(), epoch),
          new DriverTargets(sc, episodes, 2),
          (e, it, n, r) -> results.add(r));
    }
    assertThat(results).allSatisfy(r -> assertThat(r.actorLoss()).isFinite());
    assertThat(results.get(results.size() - 1).criticLoss())
        .isLessThan(results.get(0).criticLoss() / 2);
    assertThat(results.get(0).weights()).isGreaterThan(0);
  }

  @Test
  void returnsAreRecomputedAtTheStartOfEveryRound() {
    int iterations = new TransitionIndex(episodes).size() / 256;
    assertThat(iterations).isGreaterThanOrEqualTo(5);
    assertThat(recomputedAt(1)).containsExactlyElementsOf(range(0, iterations, 1));
    assertThat(recomputedAt(2)).containsExactlyElementsOf(range(0, iterations, 2));
    assertThat(recomputedAt(AveragingSettings.EVERY_EPOCH)).containsExactly(0);
  }

  /** The iterations already done in the epoch each time stage 1 ran. */
  private static List<Integer> recomputedAt(int returnsEvery) {
    DiscreteAWR model = new DiscreteAWR(config(), SEED);
    model.createImpl(new int[] {4}, 2);
    DistributedTrainer trainer =
        new DistributedTrainer(
            sc,
            model.impl(),
            new int[] {4},
            new AveragingSettings(2, 4, 32, returnsEvery),
            "returns-every-" + returnsEvery);
    DriverTargets targets = new DriverTargets(sc, episodes, 2);
    List<Integer> done = new ArrayList<>();
    int[] finished = {0};
    trainer.trainEpoch(
        0,
        EpochPermutation.forEpoch(new TransitionIndex(episodes).size(), 5, 0),
        learner -> {
          done.add(finished[0]);
          return targets.targets(learner);
        },
        (e, it, n, r) -> finished[0]++);
    return done;
  }

  private static List<Integer> range(int from, int to, int step) {
    List<Integer> values = new ArrayList<>();
    for (int i = from; i < to; i += step) {
      values.add(i);
    }
    return values;
  }

  @Test
  void refusesAWorkerMiniBatchLargerThanItsShare() {
    DiscreteAWR model = new DiscreteAWR(config(), SEED);
    model.createImpl(new int[] {4}, 2);
    assertThatThrownBy(
            () ->
                new DistributedTrainer(
                    sc, model.impl(), new int[] {4}, new AveragingSettings(4, 1, 65, 0), "x"))
        .hasMessageContaining("worker_batch_size 65 is larger than a worker's share");
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("entry %d", i).isCloseTo(expected[i], offset(1e-5f));
    }
  }
}
