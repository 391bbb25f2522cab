package io.sparkrl.bench;

import static io.sparkrl.bench.BenchmarkSupport.cartPoleDataset;
import static io.sparkrl.bench.BenchmarkSupport.check;
import static io.sparkrl.bench.BenchmarkSupport.localSpark;
import static io.sparkrl.bench.BenchmarkSupport.median;
import static io.sparkrl.bench.BenchmarkSupport.seconds;
import static io.sparkrl.bench.BenchmarkSupport.stats;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.algo.EpochPermutation;
import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.core.targets.Stage1Returns;
import io.sparkrl.core.train.EpochTiming;
import io.sparkrl.core.train.LocalBackend;
import io.sparkrl.core.train.LoopOptions;
import io.sparkrl.core.train.ParallelMode;
import io.sparkrl.core.train.RoundPlacement;
import io.sparkrl.core.train.RoundPlan;
import io.sparkrl.core.train.TrainingBackend;
import io.sparkrl.core.train.TrainingListener;
import io.sparkrl.core.train.TrainingLoop;
import io.sparkrl.core.train.TrainingSchedule;
import io.sparkrl.datasets.Episode;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.data.ReadOptions;
import io.sparkrl.spark.data.SparkEpisodeSource;
import io.sparkrl.spark.train.SparkBackend;
import io.sparkrl.spark.train.SyncMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The trainer's speed in one JVM (Spark {@code local[2]}, one BLAS thread per task) with d3rlpy's
 * default hyperparameters on a generated CartPole-v0 {@code mixed} dataset: for each trainer, the
 * steady time of a group of SGD work (1200 steps per worker) measured over a short epoch, the
 * workers' time in synchronisation per averaging period, and the round's set-up (stage 1, the
 * shuffle into slices, the moments) on the whole dataset; the epoch is extrapolated as set-up plus
 * groups per epoch times the group time. Trainers: single-process {@code fit} (one worker, the
 * returns of every iteration, as d3rlpy), the Spark backend with 1 worker, with 2 workers sharing
 * the iterations in a barrier stage, the same with a Spark job per averaging period, and the critic
 * alone trained by dl4j-spark's {@code ParameterAveragingTrainingMaster} next to ours. One JSON
 * object on stdout:
 *
 * <pre>
 *   TrainerBenchmark TRANSITIONS DIR REPEATS GROUPS   # datasets in DIR (written if absent)
 * </pre>
 */
public final class TrainerBenchmark {

  private static final long SEED = 7;
  private static final int[] SHAPE = {4};
  private static final int FREQUENCY = 50;
  private static final int GROUPS_PER_STAGE = 8;

  private TrainerBenchmark() {}

  /** One trainer: its schedule, synchronisation and, per repeat, its timings. */
  private record Trainer(String name, TrainingSchedule schedule, SyncMode sync, boolean local) {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: TrainerBenchmark TRANSITIONS DIR REPEATS GROUPS");
      System.exit(2);
    }
    long target = Long.parseLong(args[0]);
    Path dir = Path.of(args[1]);
    int repeats = Integer.parseInt(args[2]);
    int groups = Integer.parseInt(args[3]);
    check(repeats >= 1 && groups >= 2, "REPEATS >= 1 and GROUPS >= 2");

    AwrConfig config = AwrConfig.defaults().toBuilder().nEpochs(1).build();
    int batch = config.batchSize();
    List<Episode> full =
        cartPoleDataset(target, Episode::transitionCount, dir.resolve("data"), SEED);
    // the short epoch: enough batches for GROUPS groups of two workers
    long shortTarget = 2L * groups * batch + batch / 2;
    List<Episode> small =
        cartPoleDataset(shortTarget, Episode::transitionCount, dir.resolve("short"), SEED);

    SparkSession spark = localSpark("trainer-benchmark");
    IndexedEpisodes fullIndexed =
        new SparkEpisodeSource(spark)
            .read(dir.resolve("data").toUri().toString(), ReadOptions.strict());
    IndexedEpisodes smallIndexed =
        new SparkEpisodeSource(spark)
            .read(dir.resolve("short").toUri().toString(), ReadOptions.strict());
    long transitions = fullIndexed.transitionCount();
    int perEpoch = (int) (transitions / batch);

    List<Trainer> trainers =
        List.of(
            new Trainer(
                "fit",
                new TrainingSchedule(1, ParallelMode.ITERATIONS, 1, FREQUENCY, 256),
                null,
                true),
            new Trainer("spark_w1", schedule(1), SyncMode.BARRIER, false),
            new Trainer("spark_w2_barrier", schedule(2), SyncMode.BARRIER, false),
            new Trainer("spark_w2_jobs", schedule(2), SyncMode.JOBS, false));
    Map<String, double[]> group = new java.util.LinkedHashMap<>();
    Map<String, double[]> syncPerPeriod = new java.util.LinkedHashMap<>();
    Map<String, double[]> setup = new java.util.LinkedHashMap<>();
    for (Trainer t : trainers) {
      group.put(t.name, new double[repeats]);
      syncPerPeriod.put(t.name, new double[repeats]);
      setup.put(t.name, new double[repeats]);
    }
    DiscreteAWR probe = new DiscreteAWR(config, SEED);
    probe.createImpl(SHAPE, 2);
    int periods =
        (config.nCriticUpdates() + FREQUENCY - 1) / FREQUENCY
            + (config.nActorUpdates() + FREQUENCY - 1) / FREQUENCY;

    PatmCritic patm =
        PatmCritic.create(
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            spark,
            fullIndexed,
            probe.impl(),
            transitions,
            batch);
    double[] patmFit = new double[repeats];
    double[] oursCriticOnly = new double[repeats];

    for (int r = 0; r < repeats; r++) {
      for (Trainer t : trainers) {
        DiscreteAWR model = new DiscreteAWR(config, SEED + r);
        model.createImpl(SHAPE, 2);
        EpochTiming timing = shortEpoch(spark, t, model, small, smallIndexed, dir, r);
        int groupsRun = (timing.iterations() + t.schedule.groupSize() - 1) / t.schedule.groupSize();
        group.get(t.name)[r] = timing.trainSeconds() / groupsRun;
        syncPerPeriod.get(t.name)[r] = timing.syncSeconds() / groupsRun / periods;
        setup.get(t.name)[r] = fullSetup(spark, t, model, full, fullIndexed, transitions);
        System.err.printf(
            Locale.ROOT,
            "repeat %d: %s group %.3f s, sync %.2f ms/period, round set-up %.3f s%n",
            r,
            t.name,
            group.get(t.name)[r],
            syncPerPeriod.get(t.name)[r] * 1e3,
            setup.get(t.name)[r]);
      }
      patmFit[r] = patm.fitSeconds();
      oursCriticOnly[r] = criticOnlyEpoch(spark, fullIndexed, config, r);
      System.err.printf(
          Locale.ROOT,
          "repeat %d: PATM critic %.3f s, ours %.3f s%n",
          r,
          patmFit[r],
          oursCriticOnly[r]);
    }

    StringBuilder json = new StringBuilder();
    json.append(
        String.format(
            Locale.ROOT,
            "{\"benchmark\":\"trainer\",\"transitions\":%d,\"repeats\":%d,\"iterations_per_epoch\":%d,"
                + "\"batch_size\":%d,\"n_critic_updates\":%d,\"n_actor_updates\":%d,"
                + "\"averaging_frequency\":%d,\"periods_per_group\":%d,\"trainers\":{",
            transitions,
            repeats,
            perEpoch,
            batch,
            config.nCriticUpdates(),
            config.nActorUpdates(),
            FREQUENCY,
            periods));
    Map<String, Double> epochs = new java.util.LinkedHashMap<>();
    for (int i = 0; i < trainers.size(); i++) {
      Trainer t = trainers.get(i);
      int groupsPerEpoch = (perEpoch + t.schedule.groupSize() - 1) / t.schedule.groupSize();
      double g = median(group.get(t.name));
      // fit recomputes the returns before every iteration; the Spark trainers once per epoch
      double epoch =
          t.local
              ? perEpoch * (median(setup.get(t.name)) + g)
              : median(setup.get(t.name)) + groupsPerEpoch * g;
      epochs.put(t.name, epoch);
      json.append(
          String.format(
              Locale.ROOT,
              "%s\"%s\":{\"workers\":%d,\"group_seconds\":%s,\"sync_ms_per_period\":%s,"
                  + "\"round_setup_seconds\":%s,\"sync_share_of_group\":%.4f,"
                  + "\"groups_per_epoch\":%d,\"epoch_seconds\":%.1f,\"sgd_step_ms\":%.3f}",
              i == 0 ? "" : ",",
              t.name,
              t.schedule.workers(),
              stats(group.get(t.name), 4),
              stats(scale(syncPerPeriod.get(t.name), 1e3), 3),
              stats(setup.get(t.name), 4),
              median(syncPerPeriod.get(t.name)) * periods / g,
              groupsPerEpoch,
              epoch,
              g / (config.nCriticUpdates() + config.nActorUpdates()) * 1e3));
    }
    json.append("},");
    json.append(
        String.format(
            Locale.ROOT,
            "\"w1_epoch_over_fit_epoch\":%.3f,\"w2_epoch_over_w1_epoch\":%.3f,"
                + "\"jobs_over_barrier_epoch\":%.3f,",
            epochs.get("spark_w1") / epochs.get("fit"),
            epochs.get("spark_w2_barrier") / epochs.get("spark_w1"),
            epochs.get("spark_w2_jobs") / epochs.get("spark_w2_barrier")));
    long patmSteps = patm.rows / PatmCritic.WORKER_BATCH;
    json.append(
        String.format(
            Locale.ROOT,
            "\"critic_only\":{\"worker_steps\":%d,\"patm_seconds\":%s,\"ours_seconds\":%s,"
                + "\"patm_steps_per_s\":%.1f,\"ours_steps_per_s\":%.1f}}",
            patmSteps,
            stats(patmFit, 3),
            stats(oursCriticOnly, 3),
            patmSteps / median(patmFit),
            patmSteps / median(oursCriticOnly)));
    System.out.println(json);
    patm.close();
    fullIndexed.unpersist();
    smallIndexed.unpersist();
    spark.stop();
  }

  private static TrainingSchedule schedule(int workers) {
    return new TrainingSchedule(
        workers, ParallelMode.ITERATIONS, TrainingSchedule.EVERY_EPOCH, FREQUENCY, 256);
  }

  /** One epoch over the short dataset; its timing. */
  private static EpochTiming shortEpoch(
      SparkSession spark,
      Trainer t,
      DiscreteAWR model,
      List<Episode> episodes,
      IndexedEpisodes indexed,
      Path dir,
      int repeat)
      throws Exception {
    Path run = Files.createDirectories(dir.resolve("runs").resolve(t.name + "-" + repeat));
    LoopOptions options =
        new LoopOptions(
            t.schedule,
            0,
            1,
            0,
            0,
            model.permutationSeed(),
            model.workerSeed(),
            Map.of(),
            List.of(),
            1_000_000,
            false,
            false,
            false,
            null,
            GROUPS_PER_STAGE);
    TransitionIndex index = new TransitionIndex(episodes);
    EpochTiming[] timing = new EpochTiming[1];
    try (TrainingBackend backend = backend(spark, t, model, index, indexed)) {
      new TrainingLoop(
              model.impl(),
              model,
              backend,
              options,
              new LocalRunStorage(),
              run.toString(),
              name -> {})
          .listen(
              new TrainingListener() {
                @Override
                public void epochDone(EpochTiming e, Map<String, Double> metrics) {
                  timing[0] = e;
                }
              })
          .run();
    }
    check(timing[0] != null && timing[0].iterations() > 0, t.name + " trained no iteration");
    return timing[0];
  }

  /** A round's set-up on the whole dataset: stage 1, placement, moments and weights. */
  private static double fullSetup(
      SparkSession spark,
      Trainer t,
      DiscreteAWR model,
      List<Episode> episodes,
      IndexedEpisodes indexed,
      long transitions) {
    TransitionIndex index = new TransitionIndex(episodes);
    int iterations = (int) (transitions / model.config().batchSize());
    TrainingSchedule s =
        t.local
            ? new TrainingSchedule(
                1, ParallelMode.ITERATIONS, TrainingSchedule.EVERY_EPOCH, FREQUENCY, 256)
            : t.schedule;
    RoundPlan round = s.rounds(0, iterations, model.config()).get(0);
    RoundPlacement placement =
        RoundPlacement.of(
            EpochPermutation.forEpoch(transitions, SEED, 0), model.config().batchSize(), s, round);
    try (TrainingBackend backend = backend(spark, t, model, index, indexed)) {
      backend.startEpoch(0);
      long t0 = System.nanoTime();
      if (t.local) {
        // fit's every-iteration returns: stage 1 over the whole dataset, per iteration
        new Stage1Returns(model.impl(), Stage1Returns.DEFAULT_BLOCK_ROWS)
            .blocks(LocalBackend.indexed(episodes).iterator())
            .forEachRemaining(b -> {});
        return seconds(t0);
      }
      backend.targets(round, placement, model.impl()).close();
      return seconds(t0);
    }
  }

  private static TrainingBackend backend(
      SparkSession spark,
      Trainer t,
      DiscreteAWR model,
      TransitionIndex index,
      IndexedEpisodes indexed) {
    return t.local
        ? new LocalBackend(model.impl(), e -> index)
        : new SparkBackend(
            spark, indexed, SHAPE, t.schedule.workers(), 1, 1, Duration.ofMinutes(10), 0, t.sync);
  }

  /** Our critic-only training of one epoch in PATM's terms: 2 workers replicating each step. */
  private static double criticOnlyEpoch(
      SparkSession spark, IndexedEpisodes indexed, AwrConfig config, int repeat) throws Exception {
    AwrConfig criticOnly =
        config.toBuilder()
            .nCriticUpdates(config.batchSize() / 2 / PatmCritic.WORKER_BATCH)
            .nActorUpdates(1)
            .build();
    DiscreteAWR model = new DiscreteAWR(criticOnly, SEED);
    model.createImpl(SHAPE, 2);
    Path run = Files.createTempDirectory("sparkrl-critic-only-" + repeat);
    LoopOptions options =
        new LoopOptions(
            new TrainingSchedule(
                2,
                ParallelMode.REPLICATE,
                TrainingSchedule.EVERY_EPOCH,
                FREQUENCY,
                PatmCritic.WORKER_BATCH),
            0,
            1,
            0,
            0,
            model.permutationSeed(),
            model.workerSeed(),
            Map.of(),
            List.of(),
            1_000_000,
            false,
            false,
            false,
            null,
            GROUPS_PER_STAGE);
    try (SparkBackend backend =
        new SparkBackend(
            spark, indexed, SHAPE, 2, 1, 1, Duration.ofMinutes(10), 0, SyncMode.BARRIER)) {
      long t0 = System.nanoTime();
      new TrainingLoop(
              model.impl(), model, backend, options, new LocalRunStorage(), run.toString(), n -> {})
          .run();
      return seconds(t0);
    }
  }

  private static double[] scale(double[] values, double factor) {
    double[] out = new double[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[i] * factor;
    }
    return out;
  }
}
