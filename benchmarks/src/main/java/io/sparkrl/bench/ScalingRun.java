package io.sparkrl.bench;

import static io.sparkrl.bench.BenchmarkSupport.check;
import static io.sparkrl.bench.BenchmarkSupport.seconds;
import static io.sparkrl.bench.BenchmarkSupport.stats;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.core.targets.CriticSnapshot;
import io.sparkrl.core.targets.Stage1Returns;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.core.train.IterationResult;
import io.sparkrl.core.train.LoopOptions;
import io.sparkrl.core.train.ParallelMode;
import io.sparkrl.core.train.TrainingListener;
import io.sparkrl.core.train.TrainingLoop;
import io.sparkrl.core.train.TrainingSchedule;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.data.ReadOptions;
import io.sparkrl.spark.data.SparkEpisodeSource;
import io.sparkrl.spark.returns.ReturnsStage;
import io.sparkrl.spark.train.SparkBackend;
import io.sparkrl.spark.train.SyncMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * One size of the scaling benchmark, run as a Spark application (under {@code spark-submit}, so
 * that the driver and the executors are separate processes): reads, validates and indexes a
 * CartPole Parquet dataset, then REPEATS times stage 1 alone (returns of every transition) and one
 * training epoch of the training loop on the Spark backend (stage 1 with the current critic, the
 * shuffle into worker slices, the advantage moments and every group's barrier stage, two workers
 * sharing the iterations). One JSON object on stdout, with this driver's peak heap and peak
 * resident memory ({@link PeakMemory}):
 *
 * <pre>
 *   ScalingRun DATA_URI REPEATS
 * </pre>
 *
 * <p>The epoch uses d3rlpy's defaults except {@link #BATCH_SIZE} and one critic and one actor step
 * per iteration, so that it costs what the data costs (the rows passed through stage 1, shuffled
 * and sliced, one barrier stage per two batches) rather than minutes of identical SGD steps.
 */
public final class ScalingRun {

  /** Rows per iteration of the scaling epoch (d3rlpy's default is 2048). */
  static final int BATCH_SIZE = 65536;

  private static final long SEED = 7;
  private static final int WORKERS = 2;
  private static final int[] SHAPE = {4};

  private ScalingRun() {}

  public static void main(String[] args) throws IOException {
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

    long t0 = System.nanoTime();
    IndexedEpisodes indexed = new SparkEpisodeSource(spark).read(data, ReadOptions.strict());
    long transitions = indexed.transitionCount();
    double readSeconds = seconds(t0);

    DiscreteAWR model = new DiscreteAWR(config, SEED);
    model.createImpl(SHAPE, 2);
    double[] stage1 = new double[repeats];
    double[] epoch = new double[repeats];
    int[] iterations = {0};
    Path logs = Files.createTempDirectory("sparkrl-scaling");
    LocalRunStorage storage = new LocalRunStorage();
    try (SparkBackend backend =
        new SparkBackend(
            spark, indexed, SHAPE, WORKERS, 1, 1, Duration.ofMinutes(10), 0, SyncMode.BARRIER)) {
      for (int r = 0; r < repeats; r++) {
        t0 = System.nanoTime();
        Broadcast<CriticSnapshot> critic =
            ReturnsStage.broadcast(spark, CriticSnapshot.of(model.impl(), SHAPE));
        long rows =
            ReturnsStage.blocks(indexed, critic, Stage1Returns.DEFAULT_BLOCK_ROWS, 1)
                .map(TrainingBlock::size)
                .reduce(Integer::sum);
        critic.destroy();
        stage1[r] = seconds(t0);
        check(rows == transitions, "stage 1 made " + rows + " of " + transitions + " rows");

        double[] lastLoss = {Double.NaN};
        Path run = Files.createDirectories(logs.resolve("repeat-" + r));
        LoopOptions options =
            new LoopOptions(
                new TrainingSchedule(
                    WORKERS, ParallelMode.ITERATIONS, TrainingSchedule.EVERY_EPOCH, 50, 256),
                r,
                r + 1,
                r,
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
                8);
        t0 = System.nanoTime();
        new TrainingLoop(model.impl(), model, backend, options, storage, run.toString(), name -> {})
            .listen(
                new TrainingListener() {
                  @Override
                  public void iterationDone(IterationResult u) {
                    lastLoss[0] = u.criticLoss();
                    iterations[0] = u.iteration() + 1;
                  }
                })
            .run();
        epoch[r] = seconds(t0);
        check(Double.isFinite(lastLoss[0]), "critic loss " + lastLoss[0]);
        System.err.printf(
            Locale.ROOT,
            "scaling %d transitions, repeat %d: stage 1 %.2f s, epoch %.2f s (%d iterations)%n",
            transitions,
            r,
            stage1[r],
            epoch[r],
            iterations[0]);
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
        iterations[0],
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
