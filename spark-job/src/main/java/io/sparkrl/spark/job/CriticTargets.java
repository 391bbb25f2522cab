package io.sparkrl.spark.job;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.targets.CriticSnapshot;
import io.sparkrl.core.targets.Stage1Returns;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.returns.ReturnsStage;
import io.sparkrl.spark.train.DistributedTrainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 1 as the trainer's target source: broadcasts the learner's current critic and maps the
 * cached episodes to training blocks on the executors. The previous round's broadcast is destroyed
 * when the next round asks for targets (the trainer has released that round's data by then) and by
 * {@link #close}.
 */
public final class CriticTargets implements DistributedTrainer.TargetSource, AutoCloseable {

  private final SparkSession spark;
  private final IndexedEpisodes episodes;
  private final int[] frameDims;
  private final int threadsPerTask;
  private Broadcast<CriticSnapshot> current;

  /**
   * @param spark the session
   * @param episodes the cached, indexed episodes
   * @param frameDims one frame's observation shape
   * @param threadsPerTask BLAS threads per task
   */
  public CriticTargets(
      SparkSession spark, IndexedEpisodes episodes, int[] frameDims, int threadsPerTask) {
    this.spark = spark;
    this.threadsPerTask = threadsPerTask;
    this.episodes = episodes;
    this.frameDims = frameDims.clone();
  }

  @Override
  public JavaRDD<TrainingBlock> targets(AwrLearner learner) {
    close();
    current = ReturnsStage.broadcast(spark, CriticSnapshot.of(learner, frameDims));
    return ReturnsStage.blocks(episodes, current, Stage1Returns.DEFAULT_BLOCK_ROWS, threadsPerTask);
  }

  @Override
  public void close() {
    if (current != null) {
      current.destroy();
      current = null;
    }
  }
}
