package io.sparkrl.bench;

import static io.sparkrl.bench.BenchmarkSupport.cartPoleDataset;
import static io.sparkrl.bench.BenchmarkSupport.check;
import static io.sparkrl.bench.BenchmarkSupport.localSpark;
import static io.sparkrl.bench.BenchmarkSupport.median;
import static io.sparkrl.bench.BenchmarkSupport.seconds;
import static io.sparkrl.bench.BenchmarkSupport.stats;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.EpochPermutation;
import io.sparkrl.core.algo.Targets;
import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.algo.UpdateResult;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.nn.AwrNetworks;
import io.sparkrl.core.targets.CriticSnapshot;
import io.sparkrl.core.targets.Stage1Returns;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.datasets.Episode;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.data.ReadOptions;
import io.sparkrl.spark.data.SparkEpisodeSource;
import io.sparkrl.spark.returns.ReturnsStage;
import io.sparkrl.spark.train.AveragingSettings;
import io.sparkrl.spark.train.DistributedTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stage 2 speed: seconds per DiscreteAWR iteration with d3rlpy's default hyperparameters on a
 * generated CartPole-v0 {@code mixed} dataset, single-process ({@link AwrLearner#update}'s two
 * halves, as {@code DiscreteAWR.fit} runs them) side by side with the {@link DistributedTrainer} on
 * Spark {@code local[2]} (ND4J one thread per task) with 1 and 2 workers, each at two averaging
 * frequencies (so the cost of one averaging round can be read off the difference), and the critic
 * alone trained by our trainer and by dl4j-spark's {@link ParameterAveragingTrainingMaster} on the
 * same 2048-row batches. One JSON object on stdout:
 *
 * <pre>
 *   TrainerBenchmark TRANSITIONS DIR REPEATS ITERATIONS   # dataset in DIR/data (written if absent)
 * </pre>
 *
 * <p>A full epoch takes minutes, so every Spark configuration trains ITERATIONS iterations of an
 * epoch whose permutation covers only the first ITERATIONS batches' worth of transitions, while
 * stage 1 still computes the returns of the whole dataset (once per such epoch, as with {@code
 * returns_every = epoch}). The first iteration's wall time then holds the round's set-up (stage 1,
 * the shuffle into worker slices, the advantage moments) and the later ones are pure stage 2; the
 * epoch time is extrapolated as set-up plus iterations-per-epoch times the steady iteration.
 */
public final class TrainerBenchmark {

  private static final long SEED = 7;
  private static final int WORKER_BATCH = 256;
  private static final int FREQUENCY = 50;
  private static final int ONE_SYNC = 1_000_000;
  private static final int[] SHAPE = {4};

  private TrainerBenchmark() {}

  /** One distributed configuration: its settings and, per repeat, its timings. */
  private static final class Run {
    final String name;
    final AwrConfig config;
    final AveragingSettings settings;
    final double[] first;
    final double[] steady;
    AwrLearner learner;
    DistributedTrainer trainer;

    Run(String name, AwrConfig config, int workers, int frequency, int repeats) {
      this.name = name;
      this.config = config;
      this.settings =
          new AveragingSettings(workers, frequency, WORKER_BATCH, AveragingSettings.EVERY_EPOCH);
      this.first = new double[repeats];
      this.steady = new double[repeats];
    }

    int syncRounds() {
      return rounds(config.nCriticUpdates()) + rounds(config.nActorUpdates());
    }

    private int rounds(int steps) {
      return (steps + settings.averagingFrequency() - 1) / settings.averagingFrequency();
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: TrainerBenchmark TRANSITIONS DIR REPEATS ITERATIONS");
      System.exit(2);
    }
    long target = Long.parseLong(args[0]);
    Path data = Path.of(args[1]).resolve("data");
    int repeats = Integer.parseInt(args[2]);
    int k = Integer.parseInt(args[3]);
    check(repeats >= 1 && k >= 2, "REPEATS >= 1 and ITERATIONS >= 2");

    List<Episode> episodes = cartPoleDataset(target, Episode::transitionCount, data, SEED);
    AwrConfig config = AwrConfig.defaults();
    int batch = config.batchSize();
    AwrConfig criticOnly = config.toBuilder().nActorUpdates(1).build();

    SparkSession spark = localSpark("trainer-benchmark");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    IndexedEpisodes indexed =
        new SparkEpisodeSource(spark).read(data.toUri().toString(), ReadOptions.strict());
    long transitions = indexed.transitionCount();
    int perEpoch = (int) (transitions / batch);
    check(k <= perEpoch, "ITERATIONS " + k + " > iterations per epoch " + perEpoch);

    List<Run> runs =
        List.of(
            new Run("w1_f50", config, 1, FREQUENCY, repeats),
            new Run("w1_one_sync", config, 1, ONE_SYNC, repeats),
            new Run("w2_f50", config, 2, FREQUENCY, repeats),
            new Run("w2_one_sync", config, 2, ONE_SYNC, repeats),
            new Run("critic_only_w2_f50", criticOnly, 2, FREQUENCY, repeats));
    for (Run run : runs) {
      run.learner = new AwrLearner(run.config, SHAPE, 2, null, SEED);
      run.trainer = new DistributedTrainer(sc, run.learner, SHAPE, run.settings, run.name);
    }

    AwrLearner single = new AwrLearner(config, SHAPE, 2, null, SEED);
    TransitionIndex index = new TransitionIndex(episodes);
    double[] singleIteration = new double[repeats];
    double[] singleTargets = new double[repeats];

    PatmCritic patm = PatmCritic.create(sc, spark, indexed, single, transitions, batch);
    double[] patmFit = new double[repeats];

    for (int r = 0; r < repeats; r++) {
      EpochPermutation permutation = EpochPermutation.forEpoch(index.size(), SEED, r);
      double targetsSum = 0;
      long t0 = System.nanoTime();
      for (int it = 0; it < k; it++) {
        int[][] rows = index.batch(permutation, it, batch);
        long s = System.nanoTime();
        Targets targets = single.computeTargets(episodes, rows);
        targetsSum += seconds(s);
        int[] actions = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
          actions[i] = episodes.get(rows[i][0]).action(rows[i][1]);
        }
        UpdateResult u = single.train(single.inputs().gather(episodes, rows), actions, targets);
        check(Double.isFinite(u.criticLoss()) && Double.isFinite(u.actorLoss()), "single loss");
      }
      singleIteration[r] = seconds(t0) / k;
      singleTargets[r] = targetsSum / k;
      System.err.printf(Locale.ROOT, "repeat %d: single %.3f s/iteration%n", r, singleIteration[r]);

      for (Run run : runs) {
        long[] done = new long[k];
        List<Broadcast<CriticSnapshot>> critics = new ArrayList<>();
        long start = System.nanoTime();
        run.trainer.trainEpoch(
            r,
            EpochPermutation.forEpoch((long) k * batch, SEED, r),
            learner -> prefix(spark, indexed, learner, (long) k * batch, critics),
            (e, it, n, u) -> {
              check(Double.isFinite(u.criticLoss()), run.name + " critic loss");
              done[it] = System.nanoTime();
            });
        critics.forEach(Broadcast::destroy);
        run.first[r] = (done[0] - start) / 1e9;
        run.steady[r] = (done[k - 1] - done[0]) / 1e9 / (k - 1);
        System.err.printf(
            Locale.ROOT,
            "repeat %d: %s first %.3f s, then %.3f s/iteration%n",
            r,
            run.name,
            run.first[r],
            run.steady[r]);
      }

      patmFit[r] = patm.fitSeconds();
      System.err.printf(Locale.ROOT, "repeat %d: PATM fit %.3f s%n", r, patmFit[r]);
    }

    StringBuilder json = new StringBuilder();
    int steps = config.nCriticUpdates() + config.nActorUpdates();
    json.append(
        String.format(
            Locale.ROOT,
            "{\"benchmark\":\"trainer\",\"transitions\":%d,\"episodes\":%d,\"repeats\":%d,"
                + "\"iterations_measured\":%d,\"iterations_per_epoch\":%d,\"batch_size\":%d,"
                + "\"batch_size_per_update\":%d,\"n_critic_updates\":%d,\"n_actor_updates\":%d,"
                + "\"worker_batch_size\":%d,",
            transitions,
            episodes.size(),
            repeats,
            k,
            perEpoch,
            batch,
            config.batchSizePerUpdate(),
            config.nCriticUpdates(),
            config.nActorUpdates(),
            WORKER_BATCH));
    double singleMedian = median(singleIteration);
    json.append(
        String.format(
            Locale.ROOT,
            "\"single\":{\"iteration_seconds\":%s,\"targets_seconds\":%s,"
                + "\"sgd_step_ms\":%.3f,\"epoch_seconds\":%.1f},",
            stats(singleIteration, 4),
            stats(singleTargets, 4),
            singleMedian / steps * 1e3,
            singleMedian * perEpoch));
    json.append("\"spark\":{");
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      double steady = median(run.steady);
      double setup = Math.max(0, median(run.first) - steady);
      int runSteps = run.config.nCriticUpdates() + run.config.nActorUpdates();
      json.append(
          String.format(
              Locale.ROOT,
              "%s\"%s\":{\"workers\":%d,\"averaging_frequency\":%d,\"sync_rounds\":%d,"
                  + "\"first_iteration_seconds\":%s,\"iteration_seconds\":%s,"
                  + "\"round_setup_seconds\":%.3f,\"sgd_step_ms\":%.3f,"
                  + "\"worker_steps_per_s\":%.1f,\"epoch_seconds\":%.1f}",
              i == 0 ? "" : ",",
              run.name,
              run.settings.workers(),
              run.settings.averagingFrequency(),
              run.syncRounds(),
              stats(run.first, 4),
              stats(run.steady, 4),
              setup,
              steady / runSteps * 1e3,
              run.settings.workers() * runSteps / steady,
              setup + perEpoch * steady));
    }
    json.append("},");
    for (int w = 1; w <= 2; w++) {
      Run many = runs.get(2 * (w - 1));
      Run one = runs.get(2 * (w - 1) + 1);
      double round =
          (median(many.steady) - median(one.steady)) / (many.syncRounds() - one.syncRounds());
      json.append(
          String.format(
              Locale.ROOT,
              "\"sync_w%d\":{\"seconds_per_round\":%.4f,\"share_of_iteration_f50\":%.3f},",
              w,
              round,
              round * many.syncRounds() / median(many.steady)));
    }
    Run ours = runs.get(4);
    int oursSteps = 2 * (criticOnly.nCriticUpdates() + criticOnly.nActorUpdates());
    json.append(
        String.format(
            Locale.ROOT,
            "\"critic_only\":{\"ours_worker_steps_per_iteration\":%d,"
                + "\"ours_iteration_seconds\":%s,\"ours_steps_per_s\":%.1f,"
                + "\"patm_rows\":%d,\"patm_worker_steps\":%d,\"patm_fit_seconds\":%s,"
                + "\"patm_steps_per_s\":%.1f,\"patm_network_iterations\":%d},",
            oursSteps,
            stats(ours.steady, 4),
            oursSteps / median(ours.steady),
            patm.rows,
            patm.rows / WORKER_BATCH,
            stats(patmFit, 4),
            Math.floorDiv(patm.rows, WORKER_BATCH) / median(patmFit),
            patm.iterations()));
    double w1 = median(runs.get(0).steady);
    double w1Epoch = Math.max(0, median(runs.get(0).first) - w1) + perEpoch * w1;
    json.append(
        String.format(
            Locale.ROOT,
            "\"w1_epoch_over_single_epoch\":%.3f}",
            w1Epoch / (singleMedian * perEpoch)));
    System.out.println(json);
    patm.close();
    indexed.unpersist();
    spark.stop();
  }

  /** Stage 1 on the whole dataset, then only the transitions {@code [0, limit)}. */
  private static JavaRDD<TrainingBlock> prefix(
      SparkSession spark,
      IndexedEpisodes episodes,
      AwrLearner learner,
      long limit,
      List<Broadcast<CriticSnapshot>> critics) {
    Broadcast<CriticSnapshot> critic =
        ReturnsStage.broadcast(spark, CriticSnapshot.of(learner, SHAPE));
    critics.add(critic);
    return ReturnsStage.blocks(episodes, critic, Stage1Returns.DEFAULT_BLOCK_ROWS)
        .flatMap(block -> head(block, limit));
  }

  private static Iterator<TrainingBlock> head(TrainingBlock block, long limit) {
    long first = block.firstTransition();
    if (first >= limit) {
      return Collections.emptyIterator();
    }
    if (first + block.size() <= limit) {
      return List.of(block).iterator();
    }
    int n = (int) (limit - first);
    return List.of(
            new TrainingBlock(
                first,
                block.inputShape(),
                Arrays.copyOf(block.observations(), n * block.rowSize()),
                Arrays.copyOf(block.actions(), n),
                Arrays.copyOf(block.returns(), n),
                Arrays.copyOf(block.baselines(), n)))
        .iterator();
  }

  /**
   * The critic ([256, 256], d3rlpy defaults) trained by dl4j-spark's parameter averaging on one
   * epoch's 2048-row batches with stage 1's returns as labels: 2 workers, 256 rows per worker step,
   * an average every 50 steps, {@link RDDTrainingApproach#Direct}.
   */
  private static final class PatmCritic {
    final JavaRDD<DataSet> batches;
    final SparkDl4jMultiLayer net;
    final long rows;

    private PatmCritic(JavaRDD<DataSet> batches, SparkDl4jMultiLayer net, long rows) {
      this.batches = batches;
      this.net = net;
      this.rows = rows;
    }

    static PatmCritic create(
        JavaSparkContext sc,
        SparkSession spark,
        IndexedEpisodes indexed,
        AwrLearner learner,
        long transitions,
        int batch) {
      Broadcast<CriticSnapshot> critic =
          ReturnsStage.broadcast(spark, CriticSnapshot.of(learner, SHAPE));
      float[] obs = new float[(int) transitions * SHAPE[0]];
      float[] returns = new float[(int) transitions];
      for (TrainingBlock b :
          ReturnsStage.blocks(indexed, critic, Stage1Returns.DEFAULT_BLOCK_ROWS).collect()) {
        int first = (int) b.firstTransition();
        System.arraycopy(b.observations(), 0, obs, first * SHAPE[0], b.size() * SHAPE[0]);
        System.arraycopy(b.returns(), 0, returns, first, b.size());
      }
      critic.destroy();
      EpochPermutation order = EpochPermutation.forEpoch(transitions, SEED, 0);
      int count = (int) (transitions / batch);
      List<DataSet> sets = new ArrayList<>(count);
      for (int it = 0; it < count; it++) {
        float[] x = new float[batch * SHAPE[0]];
        float[] y = new float[batch];
        for (int j = 0; j < batch; j++) {
          int t = (int) order.indexAt((long) it * batch + j);
          System.arraycopy(obs, t * SHAPE[0], x, j * SHAPE[0], SHAPE[0]);
          y[j] = returns[t];
        }
        sets.add(
            new DataSet(
                Nd4j.create(x, new long[] {batch, SHAPE[0]}, 'c'),
                Nd4j.create(y, new long[] {batch, 1}, 'c')));
      }
      JavaRDD<DataSet> rdd = sc.parallelize(sets, 2).persist(StorageLevel.MEMORY_ONLY());
      check(rdd.count() == count, "PATM batches");
      AwrConfig c = learner.config();
      MultiLayerNetwork network =
          AwrNetworks.critic(
              SHAPE,
              c.encoderParams(),
              c.useBatchNorm(),
              c.criticLearningRate(),
              c.momentum(),
              SEED);
      ParameterAveragingTrainingMaster master =
          new ParameterAveragingTrainingMaster.Builder(2, batch)
              .batchSizePerWorker(WORKER_BATCH)
              .averagingFrequency(FREQUENCY)
              .workerPrefetchNumBatches(0)
              .rddTrainingApproach(RDDTrainingApproach.Direct)
              .storageLevel(StorageLevel.MEMORY_ONLY())
              .rngSeed(SEED)
              .build();
      return new PatmCritic(
          rdd, new SparkDl4jMultiLayer(sc, network, master), (long) count * batch);
    }

    double fitSeconds() {
      long t0 = System.nanoTime();
      MultiLayerNetwork fitted = net.fit(batches);
      double s = seconds(t0);
      check(Double.isFinite(fitted.params().sumNumber().doubleValue()), "PATM parameters");
      return s;
    }

    int iterations() {
      return net.getNetwork().getIterationCount();
    }

    void close() {
      batches.unpersist(false);
    }
  }
}
