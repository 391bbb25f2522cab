package io.sparkrl.spark.returns;

import io.sparkrl.core.nn.NativeThreads;
import io.sparkrl.core.targets.CriticSnapshot;
import io.sparkrl.core.targets.Stage1Returns;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.spark.TaskDevice;
import io.sparkrl.spark.data.IndexedEpisodes;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 1 on Spark: broadcasts the round's {@link CriticSnapshot} and maps each partition of the
 * indexed episodes through {@link Stage1Returns} (one critic per task) into {@link TrainingBlock}s.
 * No shuffle; the blocks keep the episodes' partitioning and global order.
 */
public final class ReturnsStage {

  private ReturnsStage() {}

  /**
   * Broadcasts the round's critic. The caller destroys the broadcast when the round's blocks are no
   * longer needed.
   */
  public static Broadcast<CriticSnapshot> broadcast(SparkSession spark, CriticSnapshot snapshot) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(snapshot);
  }

  /**
   * The training blocks of every accepted episode (lazy: computed when an action runs).
   *
   * @param episodes the indexed episodes
   * @param critic the broadcast critic of the round
   * @param blockRows rows per block (episodes are never split), e.g. {@link
   *     Stage1Returns#DEFAULT_BLOCK_ROWS}
   */
  public static JavaRDD<TrainingBlock> blocks(
      IndexedEpisodes episodes, Broadcast<CriticSnapshot> critic, int blockRows) {
    return blocks(episodes, critic, blockRows, 1);
  }

  /**
   * As {@link #blocks(IndexedEpisodes, Broadcast, int)}, each task limited to {@code
   * threadsPerTask} BLAS threads ({@link NativeThreads}).
   */
  public static JavaRDD<TrainingBlock> blocks(
      IndexedEpisodes episodes,
      Broadcast<CriticSnapshot> critic,
      int blockRows,
      int threadsPerTask) {
    if (blockRows < 1) {
      throw new IllegalArgumentException("block rows must be >= 1, got " + blockRows);
    }
    return episodes
        .episodes()
        .mapPartitions(
            it -> {
              NativeThreads.limit(threadsPerTask);
              TaskDevice.bind();
              return new Stage1Returns(critic.value(), blockRows).blocks(it);
            },
            true);
  }
}
