package io.sparkrl.spark.train;

import static io.sparkrl.spark.LearnerStateAssert.assertSameBits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.FitOptions;
import io.sparkrl.core.config.AugmentationSpec;
import io.sparkrl.core.config.AugmentationType;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.core.targets.IndexedEpisode;
import io.sparkrl.core.train.IterationResult;
import io.sparkrl.core.train.LoopOptions;
import io.sparkrl.core.train.ParallelMode;
import io.sparkrl.core.train.TrainingListener;
import io.sparkrl.core.train.TrainingLoop;
import io.sparkrl.core.train.TrainingSchedule;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.CartPoleFixtures;
import io.sparkrl.spark.SparkTestBase;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.data.ReadOptions;
import io.sparkrl.spark.data.SparkEpisodeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * The Spark backend against the single-process one, on episodes read from Parquet by the job's own
 * stage 1: the same schedule gives the same floats, whether the workers synchronise in a barrier
 * stage or by a job per period, and whether a group ran once or was killed and run again.
 */
class SparkBackendTest extends SparkTestBase {

  private static final long SEED = 11;

  @TempDir static Path dir;
  private static IndexedEpisodes indexed;
  private static List<Episode> ordered;

  @BeforeAll
  static void data() throws Exception {
    Path data = CartPoleFixtures.writeParquet(dir.resolve("data"), 40);
    indexed = new SparkEpisodeSource(spark).read(data.toUri().toString(), ReadOptions.strict());
    List<IndexedEpisode> all = new ArrayList<>(indexed.episodes().collect());
    all.sort(Comparator.comparingLong(IndexedEpisode::firstTransition));
    ordered = all.stream().map(IndexedEpisode::episode).toList();
  }

  @AfterAll
  static void release() {
    indexed.unpersist();
  }

  private static AwrConfig config() {
    return AwrConfig.builder()
        .encoderParams(new EncoderParams(List.of(16, 16), null, null, null))
        .batchSize(128)
        .batchSizePerUpdate(32)
        .nCriticUpdates(6)
        .nActorUpdates(9)
        .nEpochs(2)
        .augmentation(List.of(AugmentationSpec.of(AugmentationType.SINGLE_AMPLITUDE_SCALING)))
        .build();
  }

  @Test
  void exactModeThroughStageOneOverParquetEqualsFit(@TempDir Path logs) throws Exception {
    TrainingSchedule exact = new TrainingSchedule(1, ParallelMode.ITERATIONS, 1, 4, 32);
    DiscreteAWR local = fit(exact, logs);
    Trained spark = onSpark(exact, SyncMode.BARRIER, logs.resolve("spark"), null);
    assertSameBits(spark.model.impl().state(), local.impl().state());
    assertThat(spark.iterations).hasSize(2 * (int) (indexed.transitionCount() / 128));
  }

  @Test
  void twoWorkersInABarrierStageEqualAJobPerPeriodAndTheSingleProcessEmulation(@TempDir Path logs)
      throws Exception {
    TrainingSchedule two = new TrainingSchedule(2, ParallelMode.ITERATIONS, 0, 4, 32);
    DiscreteAWR local = fit(two, logs);
    Trained barrier = onSpark(two, SyncMode.BARRIER, logs.resolve("barrier"), null);
    Trained jobs = onSpark(two, SyncMode.JOBS, logs.resolve("jobs"), null);
    assertSameBits(barrier.model.impl().state(), local.impl().state());
    assertSameBits(jobs.model.impl().state(), local.impl().state());
    int iterations = (int) (indexed.transitionCount() / 128);
    assertThat(barrier.iterations).hasSize(2 * iterations);
    assertThat(barrier.iterations).extracting(IterationResult::iteration).startsWith(0, 1, 2, 3);
    assertThat(barrier.iterations)
        .extracting(IterationResult::criticLoss)
        .containsExactlyElementsOf(
            jobs.iterations.stream().map(IterationResult::criticLoss).toList());
  }

  @Test
  void aGroupWhoseTaskIsKilledRunsAgainAndEndsWithTheSameModel(@TempDir Path logs)
      throws Exception {
    TrainingSchedule two = new TrainingSchedule(2, ParallelMode.ITERATIONS, 0, 3, 32);
    Trained undisturbed = onSpark(two, SyncMode.BARRIER, logs.resolve("calm"), null);
    AtomicBoolean killed = new AtomicBoolean();
    Set<Integer> barrierStages = ConcurrentHashMap.newKeySet();
    SparkListener killer =
        new SparkListener() {
          @Override
          public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
            var rdds = JavaConverters.seqAsJavaList(submitted.stageInfo().rddInfos());
            if (rdds.stream().anyMatch(RDDInfo::isBarrier)) {
              barrierStages.add(submitted.stageInfo().stageId());
            }
          }

          @Override
          public void onTaskStart(SparkListenerTaskStart start) {
            // worker 1 of the third group: in the middle of the first epoch
            if (barrierStages.size() == 3
                && barrierStages.contains(start.stageId())
                && start.taskInfo().index() == 1
                && killed.compareAndSet(false, true)) {
              spark.sparkContext().killTaskAttempt(start.taskInfo().taskId(), true, "test kill");
            }
          }
        };
    Trained disturbed = onSpark(two, SyncMode.BARRIER, logs.resolve("killed"), killer);
    assertThat(killed).isTrue();
    assertSameBits(disturbed.model.impl().state(), undisturbed.model.impl().state());
  }

  @Test
  void stepsAndReplicateModesTrainEveryIteration(@TempDir Path logs) throws Exception {
    for (ParallelMode mode : List.of(ParallelMode.STEPS, ParallelMode.REPLICATE)) {
      TrainingSchedule s = new TrainingSchedule(2, mode, 0, 4, 32);
      Trained t = onSpark(s, SyncMode.BARRIER, logs.resolve(mode.jsonName()), null);
      DiscreteAWR local = fit(s, logs.resolve("fit-" + mode.jsonName()));
      assertSameBits(t.model.impl().state(), local.impl().state());
      assertThat(t.iterations).hasSize(2 * (int) (indexed.transitionCount() / 128));
      assertThat(t.iterations).allSatisfy(r -> assertThat(r.criticLoss()).isFinite());
    }
  }

  @Test
  void moreWorkersThanTaskSlotsAreRefusedUpFront() {
    assertThatThrownBy(
            () ->
                new SparkBackend(
                    spark,
                    indexed,
                    new int[] {4},
                    3,
                    1,
                    1,
                    Duration.ofSeconds(5),
                    0,
                    SyncMode.BARRIER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job.workers 3 needs 3 task slots")
        .hasMessageContaining("has 2");
  }

  private static DiscreteAWR fit(TrainingSchedule schedule, Path logs) throws Exception {
    DiscreteAWR model = new DiscreteAWR(config(), SEED);
    model.fit(
        ordered,
        FitOptions.builder()
            .logdir(logs.resolve("fit").toString())
            .withTimestamp(false)
            .verbose(false)
            .showProgress(false)
            .tensorboard(false)
            .schedule(schedule)
            .build());
    return model;
  }

  private record Trained(DiscreteAWR model, List<IterationResult> iterations) {}

  private static Trained onSpark(
      TrainingSchedule schedule, SyncMode sync, Path run, SparkListener listener) throws Exception {
    Files.createDirectories(run);
    DiscreteAWR model = new DiscreteAWR(config(), SEED);
    model.createImpl(new int[] {4}, 2);
    LoopOptions options =
        new LoopOptions(
            schedule,
            0,
            2,
            0,
            0,
            model.permutationSeed(),
            model.workerSeed(),
            Map.of(),
            List.of(),
            1,
            false,
            false,
            false,
            null,
            3);
    List<IterationResult> iterations = new ArrayList<>();
    if (listener != null) {
      spark.sparkContext().addSparkListener(listener);
    }
    try (SparkBackend backend =
        new SparkBackend(
            spark,
            indexed,
            new int[] {4},
            schedule.workers(),
            1,
            3,
            Duration.ofSeconds(60),
            0,
            sync)) {
      LocalRunStorage storage = new LocalRunStorage();
      new TrainingLoop(
              model.impl(),
              model,
              backend,
              options,
              storage,
              run.toString(),
              name -> storage.writeAtomically(run.resolve(name).toString(), model::saveModel))
          .listen(
              new TrainingListener() {
                @Override
                public void iterationDone(IterationResult r) {
                  iterations.add(r);
                }
              })
          .run();
    } finally {
      if (listener != null) {
        spark.sparkContext().removeSparkListener(listener);
      }
    }
    return new Trained(model, iterations);
  }
}
