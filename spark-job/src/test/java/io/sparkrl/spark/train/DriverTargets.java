package io.sparkrl.spark.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.returns.LambdaReturns;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.datasets.Episode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A test {@link DistributedTrainer.TargetSource}: the targets computed on the driver with core's
 * {@link AwrLearner#episodeValues} and {@link LambdaReturns}, numbered as {@code TransitionIndex}
 * numbers the list, and parallelised.
 */
final class DriverTargets implements DistributedTrainer.TargetSource {

  private final JavaSparkContext sc;
  private final List<Episode> episodes;
  private final int partitions;

  DriverTargets(JavaSparkContext sc, List<Episode> episodes, int partitions) {
    this.sc = sc;
    this.episodes = episodes;
    this.partitions = partitions;
  }

  @Override
  public JavaRDD<TrainingBlock> targets(AwrLearner learner) {
    List<TrainingBlock> blocks = new ArrayList<>();
    long offset = 0;
    for (Episode e : episodes) {
      int n = e.transitionCount();
      float[] values = learner.episodeValues(e);
      float[] returns =
          LambdaReturns.compute(e, values, learner.config().gamma(), learner.config().lam());
      int[][] pairs = new int[n][];
      int[] actions = new int[n];
      for (int t = 0; t < n; t++) {
        pairs[t] = new int[] {0, t};
        actions[t] = e.action(t);
      }
      float[] obs = learner.inputs().gather(List.of(e), pairs);
      blocks.add(
          new TrainingBlock(
              offset,
              learner.inputs().inputShape(),
              obs,
              actions,
              java.util.Arrays.copyOf(returns, n),
              java.util.Arrays.copyOf(values, n)));
      offset += n;
    }
    return sc.parallelize(blocks, partitions);
  }
}
