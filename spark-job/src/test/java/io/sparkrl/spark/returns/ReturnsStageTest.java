package io.sparkrl.spark.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.Targets;
import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.targets.CriticSnapshot;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.TestEpisodes;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import io.sparkrl.spark.SparkTestBase;
import io.sparkrl.spark.data.EpisodeIdOrder;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.data.ReadOptions;
import io.sparkrl.spark.data.SparkEpisodeSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stage 1 on Spark equals core's targets for the same critic, with the same numbering. */
class ReturnsStageTest extends SparkTestBase {

  @TempDir Path tmp;

  @Test
  void blocksEqualTheLearnersTargetsInTransitionIndexOrder() throws Exception {
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    List<Episode> episodes =
        new ArrayList<>(
            EpisodeGenerator.generateUntil(
                env, Policies.create(Policies.MIXED, env), 3, 3000, Episode::length));
    // A few cut-off episodes with ids after the generated ones.
    for (Episode e : TestEpisodes.randomVectors(6, 4, 2, 30, 9)) {
      float[] probs = new float[e.length()];
      java.util.Arrays.fill(probs, 0.5f);
      episodes.add(
          Episode.ofVectors(
              Integer.toString(10_000 + Integer.parseInt(e.id())),
              4,
              e.vectorData(),
              e.actions(),
              e.rewards(),
              probs,
              e.end()));
    }
    assertThat(episodes).anyMatch(e -> e.end() == EndKind.TIMEOUT);
    Path dir = tmp.resolve("cartpole");
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(4), 2, true, 1000)) {
      for (Episode e : episodes) {
        writer.accept(e);
      }
    }
    IndexedEpisodes indexed =
        new SparkEpisodeSource(spark)
            .read(dir.toUri().toString(), ReadOptions.strict().withPartitions(3));

    AwrConfig config =
        AwrConfig.builder()
            .encoderParams(new EncoderParams(List.of(32, 32), null, null, null))
            .build();
    AwrLearner learner = new AwrLearner(config, new int[] {4}, 2, null, 5);
    Broadcast<CriticSnapshot> critic =
        ReturnsStage.broadcast(spark, CriticSnapshot.of(learner, new int[] {4}));
    List<TrainingBlock> blocks = ReturnsStage.blocks(indexed, critic, 500).collect();
    critic.destroy();

    List<Episode> sorted = new ArrayList<>(episodes);
    sorted.sort(Comparator.comparing(Episode::id, EpisodeIdOrder.NUMERIC));
    TransitionIndex index = new TransitionIndex(sorted);
    int[][] all = index.pairs();
    Targets expected = learner.computeTargets(sorted, all);
    float[] observations = learner.inputs().gather(sorted, all);

    long next = 0;
    for (TrainingBlock block : blocks) {
      assertThat(block.firstTransition()).isEqualTo(next);
      for (int r = 0; r < block.size(); r++) {
        int i = (int) block.transitionIndex(r);
        assertThat(block.returns()[r]).isCloseTo(expected.returns()[i], within(1e-5f));
        assertThat(block.baselines()[r]).isCloseTo(expected.baselines()[i], within(1e-6f));
        assertThat(block.actions()[r])
            .isEqualTo(sorted.get(index.episode(i)).action(index.step(i)));
        assertThat(block.observations()[r * 4]).isEqualTo(observations[i * 4]);
        assertThat(block.observations()[r * 4 + 3]).isEqualTo(observations[i * 4 + 3]);
      }
      next += block.size();
    }
    assertThat(next).isEqualTo(index.size()).isEqualTo(indexed.transitionCount());
    assertThat(blocks.size()).isGreaterThan(3);
    indexed.unpersist();
  }
}
