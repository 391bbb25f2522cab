package io.sparkrl.bench;

import static io.sparkrl.bench.BenchmarkSupport.cartPoleDataset;
import static io.sparkrl.bench.BenchmarkSupport.check;
import static io.sparkrl.bench.BenchmarkSupport.localSpark;
import static io.sparkrl.bench.BenchmarkSupport.median;
import static io.sparkrl.bench.BenchmarkSupport.seconds;
import static io.sparkrl.bench.BenchmarkSupport.stats;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.targets.CriticSnapshot;
import io.sparkrl.core.targets.IndexedEpisode;
import io.sparkrl.core.targets.Stage1Returns;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.datasets.Episode;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.data.ReadOptions;
import io.sparkrl.spark.data.SparkEpisodeSource;
import io.sparkrl.spark.returns.ReturnsStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stage 1 throughput: TD(λ) returns with a d3rlpy-default critic ([256, 256] ReLU) over a generated
 * CartPole dataset, on Spark {@code local[2]} (ND4J one thread per task), side by side with the
 * same code in one thread without Spark, and the floor: the critic's forward matrix products alone
 * over as many observations, on two threads. One JSON object on stdout:
 *
 * <pre>
 *   Stage1Benchmark ROWS DIR REPEATS   # dataset in DIR/data (written if absent); medians of REPEATS
 * </pre>
 */
public final class Stage1Benchmark {

  private static final long SEED = 7;

  /** Threads of the floor: Spark's task threads on {@code local[2]}. */
  private static final int THREADS = 2;

  private Stage1Benchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: Stage1Benchmark ROWS DIR REPEATS");
      System.exit(2);
    }
    long targetRows = Long.parseLong(args[0]);
    Path data = Path.of(args[1]).resolve("data");
    int repeats = Integer.parseInt(args[2]);

    List<Episode> episodes = cartPoleDataset(targetRows, Episode::length, data, SEED);
    long rows = episodes.stream().mapToLong(Episode::length).sum();
    AwrLearner learner = new AwrLearner(AwrConfig.builder().build(), new int[] {4}, 2, null, SEED);
    CriticSnapshot snapshot = CriticSnapshot.of(learner, new int[] {4});

    SparkSession spark = localSpark("stage1-benchmark");
    double[] spark1 = new double[repeats];
    double[] jvm = new double[repeats];
    double[] floor = new double[repeats];
    long t0 = System.nanoTime();
    IndexedEpisodes indexed =
        new SparkEpisodeSource(spark).read(data.toUri().toString(), ReadOptions.strict());
    long transitions = indexed.transitionCount();
    double readSeconds = seconds(t0);
    for (int r = 0; r < repeats; r++) {
      t0 = System.nanoTime();
      Broadcast<CriticSnapshot> critic = ReturnsStage.broadcast(spark, snapshot);
      double sum =
          ReturnsStage.blocks(indexed, critic, Stage1Returns.DEFAULT_BLOCK_ROWS)
              .map(Stage1Benchmark::checksum)
              .reduce(Double::sum);
      spark1[r] = seconds(t0);
      critic.destroy();
      check(Double.isFinite(sum), "spark checksum " + sum);

      t0 = System.nanoTime();
      double local = oneJvm(snapshot, episodes);
      jvm[r] = seconds(t0);
      check(Math.abs(local - sum) <= 1e-6 * Math.abs(sum) + 1e-3, local + " vs " + sum);

      floor[r] = forwardFloor(snapshot, rows);
    }
    System.out.printf(
        Locale.ROOT,
        "{\"benchmark\":\"stage1\",\"rows\":%d,\"episodes\":%d,\"transitions\":%d,\"repeats\":%d,"
            + "\"read_validate_index_seconds\":%.3f,\"spark_seconds\":%s,\"jvm_seconds\":%s,"
            + "\"forward_floor_seconds\":%s,\"floor_threads\":%d,\"spark_transitions_per_s\":%.0f,"
            + "\"jvm_transitions_per_s\":%.0f,\"forward_floor_rows_per_s\":%.0f,"
            + "\"fraction_of_floor\":%.3f}%n",
        rows,
        episodes.size(),
        transitions,
        repeats,
        readSeconds,
        stats(spark1, 3),
        stats(jvm, 3),
        stats(floor, 3),
        THREADS,
        transitions / median(spark1),
        transitions / median(jvm),
        rows / median(floor),
        median(floor) / median(spark1));
    indexed.unpersist();
    spark.stop();
  }

  /** A sum over everything a block holds, so no part of the work can be skipped. */
  private static double checksum(TrainingBlock block) {
    double sum = 0;
    for (int i = 0; i < block.size(); i++) {
      sum += block.returns()[i] + block.baselines()[i];
    }
    return sum;
  }

  private static double oneJvm(CriticSnapshot snapshot, List<Episode> episodes) {
    List<IndexedEpisode> indexed = new ArrayList<>(episodes.size());
    long first = 0;
    for (Episode e : episodes) {
      indexed.add(new IndexedEpisode(first, e));
      first += e.transitionCount();
    }
    double sum = 0;
    Iterator<TrainingBlock> blocks =
        new Stage1Returns(snapshot, Stage1Returns.DEFAULT_BLOCK_ROWS).blocks(indexed.iterator());
    while (blocks.hasNext()) {
      sum += checksum(blocks.next());
    }
    return sum;
  }

  /**
   * Seconds for the floor: the critic's forward matrix products ({@code x·W} of every layer, into
   * preallocated outputs) over {@code rows} observations in chunks of {@link
   * AwrLearner#INFERENCE_CHUNK_ROWS}, split over {@link #THREADS} threads as Spark splits the rows
   * over its two task threads.
   */
  private static double forwardFloor(CriticSnapshot snapshot, long rows) throws Exception {
    MultiLayerNetwork critic = snapshot.rebuildCritic();
    int chunk = AwrLearner.INFERENCE_CHUNK_ROWS;
    int inputs = snapshot.inputs().rowSize();
    List<INDArray> weights = new ArrayList<>();
    for (int l = 0; l < critic.getnLayers(); l++) {
      weights.add(critic.getLayer(l).getParam("W"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Callable<Double>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long share = rows / THREADS + (t < rows % THREADS ? 1 : 0);
        long seed = SEED + t;
        tasks.add(() -> forwardProducts(weights, inputs, chunk, share, seed));
      }
      double sink = 0;
      long t0 = System.nanoTime();
      for (Future<Double> f : pool.invokeAll(tasks)) {
        sink += f.get();
      }
      double s = seconds(t0);
      check(Double.isFinite(sink), "forward checksum");
      return s;
    } finally {
      pool.shutdown();
    }
  }

  private static double forwardProducts(
      List<INDArray> weights, int inputs, int chunk, long rows, long seed) {
    Nd4j.getEnvironment().setMaxThreads(1);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[chunk * inputs];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    INDArray input = Nd4j.create(x, new long[] {chunk, inputs}, 'c');
    List<INDArray> outputs = new ArrayList<>();
    for (INDArray w : weights) {
      outputs.add(Nd4j.createUninitialized(DataType.FLOAT, new long[] {chunk, w.size(1)}, 'f'));
    }
    double sink = 0;
    for (long done = 0; done < rows; done += chunk) {
      INDArray in = input;
      for (int l = 0; l < weights.size(); l++) {
        Nd4j.gemm(in, weights.get(l), outputs.get(l), false, false, 1.0, 0.0);
        in = outputs.get(l);
      }
      sink += in.getFloat(0);
    }
    return sink;
  }
}
