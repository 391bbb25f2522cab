package io.sparkrl.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.LearnerState;
import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.config.AugmentationSpec;
import io.sparkrl.core.config.AugmentationType;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.returns.BatchMoments;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * K workers in K threads, each with its own learner and meeting in an exchange after every period,
 * compute exactly what {@link WorkerSteps#runAll} computes in one thread: the single-process
 * backend is the arithmetic of the parallel one.
 */
class WorkerStepsTest {

  private static final int ROWS = 24;
  private static final long SEED = 42;

  private static AwrConfig config() {
    return AwrConfig.builder()
        .encoderParams(new EncoderParams(List.of(8, 8), null, null, null))
        .batchSize(ROWS)
        .batchSizePerUpdate(6)
        .nCriticUpdates(7)
        .nActorUpdates(9)
        .actorLearningRate(0.05)
        .criticLearningRate(0.05)
        .augmentation(List.of(AugmentationSpec.of(AugmentationType.SINGLE_AMPLITUDE_SCALING)))
        .nAugmentations(2)
        .build();
  }

  @Test
  void parallelWorkersThroughAnExchangeEqualTheWorkersRunInTurn() throws Exception {
    int k = 3;
    AwrConfig config = config();
    List<WorkerSlice> slices = new ArrayList<>();
    for (int w = 0; w < k; w++) {
      slices.add(slice(w, 10 + w, config));
    }
    GroupPlan group =
        new GroupPlan(
            1,
            4,
            List.of(
                new WorkerTask(0, 10, 7, 9),
                new WorkerTask(1, 11, 7, 9),
                new WorkerTask(2, 12, 7, 9)),
            6,
            3);
    LearnerState start = new AwrLearner(config, new int[] {3}, 2, null, 5).state();

    AwrLearner inTurn = new AwrLearner(config, new int[] {3}, 2, null, 77);
    List<TaskOutcome> expected = WorkerSteps.runAll(inTurn, slices, group, start, SEED);

    ThreadExchange exchange = new ThreadExchange(k);
    ExecutorService pool = Executors.newFixedThreadPool(k);
    List<Future<TaskOutcome>> futures = new ArrayList<>();
    List<AwrLearner> learners = new ArrayList<>();
    for (int w = 0; w < k; w++) {
      int worker = w;
      AwrLearner own = new AwrLearner(config, new int[] {3}, 2, null, 100 + w);
      learners.add(own);
      futures.add(
          pool.submit(
              () ->
                  WorkerSteps.run(
                      own, slices.get(worker), group, worker, start, exchange.of(worker), SEED)));
    }
    List<TaskOutcome> actual = new ArrayList<>();
    for (Future<TaskOutcome> f : futures) {
      actual.add(f.get());
    }
    pool.shutdown();

    for (int w = 0; w < k; w++) {
      assertThat(actual.get(w).criticLossSum()).isEqualTo(expected.get(w).criticLossSum());
      assertThat(actual.get(w).actorLossSum()).isEqualTo(expected.get(w).actorLossSum());
      assertSameState(learners.get(w).state(), inTurn.state());
    }
    assertSameState(actual.get(0).finalState(), expected.get(0).finalState());
    assertThat(actual.get(1).finalState()).isNull();
    assertThat(inTurn.state().actor().params()).isNotEqualTo(start.actor().params());
  }

  @Test
  void oneWorkersGroupIsItsOwnTrainingWithNoAveraging() {
    AwrConfig config = config();
    WorkerSlice s = slice(0, 0, config);
    GroupPlan group = new GroupPlan(0, 0, List.of(new WorkerTask(0, 0, 7, 9)), 6, 2);
    AwrLearner a = new AwrLearner(config, new int[] {3}, 2, null, 9);
    AwrLearner b = new AwrLearner(config, new int[] {3}, 2, null, 9);
    LearnerState start = a.state();
    WorkerSteps.runAll(a, List.of(s), group, start, SEED);
    double critic = 0;
    for (Period p : group.periods()) {
      var rng = WorkerRandom.forPeriod(SEED, 0, 0, 0, p.phase(), p.firstStep());
      critic +=
          p.phase() == Phase.CRITIC
              ? b.criticSteps(s.observations(), s.returns(), p.firstStep(), p.steps(), 6, rng)
              : 0;
      if (p.phase() == Phase.ACTOR) {
        b.actorSteps(s.observations(), s.actions(), s.weights(), p.firstStep(), p.steps(), 6, rng);
      }
    }
    assertSameState(a.state(), b.state());
    assertThat(critic).isFinite();
  }

  private static WorkerSlice slice(int worker, int iteration, AwrConfig config) {
    SplittableRandom r = new SplittableRandom(iteration);
    float[] obs = new float[ROWS * 3];
    float[] returns = new float[ROWS];
    float[] baselines = new float[ROWS];
    int[] actions = new int[ROWS];
    for (int i = 0; i < obs.length; i++) {
      obs[i] = (float) r.nextDouble(-1, 1);
    }
    for (int i = 0; i < ROWS; i++) {
      returns[i] = (float) r.nextDouble(-2, 2);
      baselines[i] = (float) r.nextDouble(-1, 1);
      actions[i] = r.nextInt(2);
    }
    WorkerSlice raw = new WorkerSlice(iteration, worker, 3, obs, actions, returns, baselines, null);
    BatchMoments m = raw.moments();
    return raw.withWeights(m, config.beta(), config.maxWeight());
  }

  private static void assertSameState(LearnerState a, LearnerState b) {
    assertThat(a.actor().params()).containsExactly(b.actor().params());
    assertThat(a.actor().updaterState()).containsExactly(b.actor().updaterState());
    assertThat(a.critic().params()).containsExactly(b.critic().params());
    assertThat(a.critic().updaterState()).containsExactly(b.critic().updaterState());
  }

  /** Threads that meet after every period and take the tree mean of their states. */
  private static final class ThreadExchange {
    private final NetworkState[] states;
    private final CyclicBarrier barrier;
    private volatile NetworkState mean;

    ThreadExchange(int k) {
      states = new NetworkState[k];
      barrier =
          new CyclicBarrier(
              k,
              () -> {
                List<float[]> params = new ArrayList<>();
                List<float[]> momenta = new ArrayList<>();
                for (NetworkState s : states) {
                  params.add(s.params());
                  momenta.add(s.updaterState());
                }
                mean = new NetworkState(TreeMean.mean(params), TreeMean.mean(momenta));
              });
    }

    Exchange of(int worker) {
      return new Exchange() {
        @Override
        public NetworkState average(NetworkState mine, Period period) {
          states[worker] = mine;
          try {
            barrier.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return mean;
        }

        @Override
        public void close() {}
      };
    }
  }
}
