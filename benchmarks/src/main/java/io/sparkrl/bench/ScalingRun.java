package io.sparkrl.bench;

import static io.sparkrl.bench.BenchmarkSupport.check;
import static io.sparkrl.bench.BenchmarkSupport.seconds;
import static io.sparkrl.bench.BenchmarkSupport.stats;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.EpochPermutation;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.data.ReadOptions;
import io.sparkrl.spark.data.SparkEpisodeSource;
import io.sparkrl.spark.job.CriticTargets;
import io.sparkrl.spark.train.AveragingSettings;
import io.sparkrl.spark.train.DistributedTrainer;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One size of the scaling benchmark, run as a Spark application (under {@code spark-submit}, so
 * that the driver and the executors are separate processes): reads, validates and indexes a
 * CartPole Parquet dataset, then REPEATS times stage 1 alone (returns of every transition) and one
 * training epoch of the {@link DistributedTrainer} (stage 1 with the current critic, the shuffle
 * into worker slices, the advantage moments and every iteration's averaging rounds). One JSON
 * object on stdout, with this driver's peak heap and peak resident memory ({@link PeakMemory}):
 *
 * <pre>
 *   ScalingRun DATA_URI REPEATS
 * </pre>
 *
 * <p>The epoch uses d3rlpy's defaults except {@link #BATCH_SIZE} and one critic and one actor step
 * per iteration, so that it costs what the data costs (the rows passed through stage 1, shuffled
 * and sliced, one Spark round per phase per batch) rather than minutes of identical SGD steps.
 */
public final class ScalingRun {

  /** Rows per iteration of the scaling epoch (d3rlpy's default is 2048). */
  static final int BATCH_SIZE = 65536;

  private static final long SEED = 7;
  private static final int WORKERS = 2;
  private static final int[] SHAPE = {4};

  private ScalingRun() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ScalingRun DATA_URI REPEATS");
      System.exit(2);
    }
    String data = args[0];
    int repeats = Integer.parseInt(args[1]);
    AwrConfig config =
        AwrConfig.defaults().toBuilder()
            .batchSize(BATCH_SIZE)
            .nCriticUpdates(1)
            .nActorUpdates(1)
            .build();
    PeakMemory.HeapSampler heap = PeakMemory.sampleHeap();
    SparkSession spark = SparkSession.builder().appName("sparkrl-scaling").getOrCreate();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

    long t0 = System.nanoTime();
    IndexedEpisodes indexed = new SparkEpisodeSource(spark).read(data, ReadOptions.strict());
    long transitions = indexed.transitionCount();
    double readSeconds = seconds(t0);

    AwrLearner learner = new AwrLearner(config, SHAPE, 2, null, SEED);
    AveragingSettings settings =
        new AveragingSettings(
            WORKERS, 50, config.batchSizePerUpdate(), AveragingSettings.EVERY_EPOCH);
    DistributedTrainer trainer = new DistributedTrainer(sc, learner, SHAPE, settings, "scaling");
    double[] stage1 = new double[repeats];
    double[] epoch = new double[repeats];
    int iterations = 0;
    try (CriticTargets targets = new CriticTargets(spark, indexed, SHAPE, 1)) {
      for (int r = 0; r < repeats; r++) {
        t0 = System.nanoTime();
        long rows = targets.targets(learner).map(TrainingBlock::size).reduce(Integer::sum);
        stage1[r] = seconds(t0);
        check(rows == transitions, "stage 1 made " + rows + " of " + transitions + " rows");

        double[] lastLoss = {Double.NaN};
        t0 = System.nanoTime();
        iterations =
            trainer.trainEpoch(
                r,
                EpochPermutation.forEpoch(transitions, SEED, r),
                targets,
                (e, it, n, u) -> lastLoss[0] = u.criticLoss());
        epoch[r] = seconds(t0);
        check(Double.isFinite(lastLoss[0]), "critic loss " + lastLoss[0]);
        System.err.printf(
            Locale.ROOT,
            "scaling %d transitions, repeat %d: stage 1 %.2f s, epoch %.2f s (%d iterations)%n",
            transitions,
            r,
            stage1[r],
            epoch[r],
            iterations);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "{\"benchmark\":\"scaling_run\",\"transitions\":%d,\"episodes\":%d,\"repeats\":%d,"
            + "\"batch_size\":%d,\"workers\":%d,\"iterations\":%d,"
            + "\"read_validate_index_seconds\":%.3f,\"stage1_seconds\":%s,\"epoch_seconds\":%s,"
            + "\"driver_peak_heap_mib\":%.1f,\"driver_peak_heap_after_gc_mib\":%.1f,"
            + "\"driver_peak_rss_mib\":%.1f}%n",
        transitions,
        indexed.episodeCount(),
        repeats,
        BATCH_SIZE,
        WORKERS,
        iterations,
        readSeconds,
        stats(stage1, 3),
        stats(epoch, 3),
        heap.peakMib(),
        heap.peakAfterGcMib(),
        io.sparkrl.spark.cluster.ProcessMemory.peakRssMib(ProcessHandle.current().pid()));
    indexed.unpersist();
    spark.stop();
  }
}
