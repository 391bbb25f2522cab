package io.sparkrl.bench;

import static io.sparkrl.bench.BenchmarkSupport.check;
import static io.sparkrl.bench.BenchmarkSupport.seconds;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.EpochPermutation;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.nn.AwrNetworks;
import io.sparkrl.core.targets.CriticSnapshot;
import io.sparkrl.core.targets.Stage1Returns;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.returns.ReturnsStage;
import java.util.ArrayList;
import java.util.List;
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
 * The critic ([256, 256], d3rlpy defaults) trained by dl4j-spark's parameter averaging on one
 * epoch's 2048-row batches with stage 1's returns as labels: 2 workers, 256 rows per worker step,
 * an average every 50 steps, {@link RDDTrainingApproach#Direct}.
 */
final class PatmCritic {

  static final int[] SHAPE = {4};
  static final long SEED = 7;
  static final int WORKER_BATCH = 256;
  static final int FREQUENCY = 50;

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
            SHAPE, c.encoderParams(), c.useBatchNorm(), c.criticLearningRate(), c.momentum(), SEED);
    ParameterAveragingTrainingMaster master =
        new ParameterAveragingTrainingMaster.Builder(2, batch)
            .batchSizePerWorker(WORKER_BATCH)
            .averagingFrequency(FREQUENCY)
            .workerPrefetchNumBatches(0)
            .rddTrainingApproach(RDDTrainingApproach.Direct)
            .storageLevel(StorageLevel.MEMORY_ONLY())
            .rngSeed(SEED)
            .build();
    return new PatmCritic(rdd, new SparkDl4jMultiLayer(sc, network, master), (long) count * batch);
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
