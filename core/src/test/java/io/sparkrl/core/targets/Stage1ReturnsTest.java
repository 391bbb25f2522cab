package io.sparkrl.core.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.Targets;
import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.ConvFilter;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.preprocessing.PixelScaler;
import io.sparkrl.core.preprocessing.StandardScaler;
import io.sparkrl.core.returns.LambdaReturns;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.TestEpisodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stage 1 without Spark: blocks equal per-episode values and λ-returns row for row, and so do
 * {@link AwrLearner#computeTargets}, which go through it.
 */
class Stage1ReturnsTest {

  private static final float TOLERANCE = 1e-6f;

  @Test
  void vectorBlocksMatchPerEpisodeValuesAndReturnsWithAScaler() {
    AwrConfig config =
        AwrConfig.builder()
            .encoderParams(new EncoderParams(List.of(16, 16), null, null, null))
            .build();
    List<Episode> episodes = TestEpisodes.randomVectors(12, 3, 2, 25, 1);
    assertThat(episodes).anyMatch(e -> e.end() == EndKind.TIMEOUT);
    var scaler =
        new StandardScaler(new int[] {3}, new double[] {0.1, -0.2, 0.3}, new double[] {1, 2, 3}, 1);
    AwrLearner learner = new AwrLearner(config, new int[] {3}, 2, scaler, 7);
    // Small blocks: several blocks, and blocks spanning episodes.
    assertMatchesLearner(learner, CriticSnapshot.of(learner, new int[] {3}), episodes, 20);
    assertMatchesLearner(learner, CriticSnapshot.of(learner, new int[] {3}), episodes, 1);
  }

  @Test
  void stackedImageBlocksMatchAfterBatchNormStatisticsMoved() {
    ObservationShape shape = ObservationShape.image(1, 6, 6);
    AwrConfig config =
        AwrConfig.builder()
            .nFrames(2)
            .useBatchNorm(true)
            .batchSizePerUpdate(8)
            .nCriticUpdates(3)
            .nActorUpdates(1)
            .encoderParams(new EncoderParams(null, List.of(new ConvFilter(4, 3, 1)), 8, null))
            .build();
    List<Episode> episodes = TestEpisodes.randomImages(9, shape, 3, 12, 2);
    assertThat(episodes).anyMatch(e -> e.end() == EndKind.TIMEOUT);
    AwrLearner learner =
        new AwrLearner(config, shape.dims(), 3, new PixelScaler(shape.dims(), 2), 3);
    TransitionIndex index = new TransitionIndex(episodes);
    int[][] batch = new int[16][];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = new int[] {index.episode(i), index.step(i)};
    }
    learner.update(episodes, batch); // moves the critic's BatchNorm running statistics
    assertMatchesLearner(learner, CriticSnapshot.of(learner, shape.dims()), episodes, 10);
  }

  @Test
  void lastRowsEqualTheRowsOfWholeEpisodes() {
    AwrConfig config =
        AwrConfig.builder()
            .nFrames(2)
            .encoderParams(new EncoderParams(List.of(16, 16), null, null, null))
            .build();
    List<Episode> episodes = TestEpisodes.randomVectors(15, 3, 2, 20, 4);
    assertThat(episodes).anyMatch(e -> e.end() == EndKind.TIMEOUT);
    AwrLearner learner = new AwrLearner(config, new int[] {3}, 2, null, 5);
    Stage1Returns stage = new Stage1Returns(CriticSnapshot.of(learner, new int[] {3}), 25);
    List<IndexedEpisode> indexed = new ArrayList<>();
    List<IndexedEpisode> someLastRows = new ArrayList<>();
    long first = 0;
    for (int i = 0; i < episodes.size(); i++) {
      IndexedEpisode e = new IndexedEpisode(first, episodes.get(i));
      indexed.add(e);
      if (i % 4 != 2) {
        someLastRows.add(e); // episodes left out leave gaps in the numbering
      }
      first += e.episode().transitionCount();
    }
    java.util.Map<Long, Integer> byIndex = new java.util.HashMap<>();
    List<TrainingBlock> whole = new ArrayList<>();
    stage.blocks(indexed.iterator()).forEachRemaining(whole::add);
    for (int b = 0; b < whole.size(); b++) {
      for (int r = 0; r < whole.get(b).size(); r++) {
        byIndex.put(whole.get(b).transitionIndex(r), b << 16 | r);
      }
    }
    List<TrainingBlock> last = new ArrayList<>();
    stage
        .lastRows(
            someLastRows.iterator(),
            e -> (int) (e.firstTransition() * 7 % e.episode().transitionCount()))
        .forEachRemaining(last::add);
    int rowSize = learner.inputs().rowSize();
    List<Long> seen = new ArrayList<>();
    for (TrainingBlock block : last) {
      assertThatThrownBy(block::firstTransition).isInstanceOf(IllegalStateException.class);
      for (int r = 0; r < block.size(); r++) {
        long i = block.transitionIndex(r);
        seen.add(i);
        TrainingBlock w = whole.get(byIndex.get(i) >> 16);
        int wr = byIndex.get(i) & 0xffff;
        assertThat(block.returns()[r]).as("G of %d", i).isCloseTo(w.returns()[wr], within(1e-6f));
        assertThat(block.baselines()[r]).isCloseTo(w.baselines()[wr], within(1e-6f));
        assertThat(block.actions()[r]).isEqualTo(w.actions()[wr]);
        for (int k = 0; k < rowSize; k++) {
          assertThat(block.observations()[r * rowSize + k])
              .isEqualTo(w.observations()[wr * rowSize + k]);
        }
      }
    }
    List<Long> expected = new ArrayList<>();
    for (IndexedEpisode e : someLastRows) {
      int from = (int) (e.firstTransition() * 7 % e.episode().transitionCount());
      for (long t = e.firstTransition() + from; t < e.endTransition(); t++) {
        expected.add(t);
      }
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(last.size()).isGreaterThan(1);
    assertThatThrownBy(
            () ->
                stage.lastRows(someLastRows.iterator(), e -> e.episode().transitionCount()).next())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no transition");
  }

  @Test
  void aRunThatIsNotConsecutiveIsRejected() {
    AwrConfig config =
        AwrConfig.builder().encoderParams(new EncoderParams(List.of(4), null, null, null)).build();
    AwrLearner learner = new AwrLearner(config, new int[] {3}, 2, null, 1);
    List<Episode> episodes = TestEpisodes.randomVectors(2, 3, 2, 5, 3);
    Stage1Returns stage = new Stage1Returns(CriticSnapshot.of(learner, new int[] {3}), 10);
    List<IndexedEpisode> gap =
        List.of(
            new IndexedEpisode(0, episodes.get(0)),
            new IndexedEpisode(episodes.get(0).transitionCount() + 1, episodes.get(1)));
    assertThatThrownBy(() -> stage.block(gap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("episode 1 does not follow");
    assertThatThrownBy(() -> new CriticSnapshot(config, new int[] {3}, null, new float[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 5");
  }

  private static void assertMatchesLearner(
      AwrLearner learner, CriticSnapshot snapshot, List<Episode> episodes, int blockRows) {
    TransitionIndex index = new TransitionIndex(episodes);
    int[][] all = index.pairs();
    // independent of stage 1: one forward pass per episode and the forward-sum definition's
    // equivalent backward recursion, per episode
    float[] expectedReturns = new float[index.size()];
    float[] expectedBaselines = new float[index.size()];
    int at = 0;
    for (Episode e : episodes) {
      float[] values = learner.episodeValues(e);
      float[] returns =
          LambdaReturns.compute(e, values, learner.config().gamma(), learner.config().lam());
      System.arraycopy(returns, 0, expectedReturns, at, e.transitionCount());
      System.arraycopy(values, 0, expectedBaselines, at, e.transitionCount());
      at += e.transitionCount();
    }
    Targets viaLearner = learner.computeTargets(episodes, all);
    float[] expectedObservations = learner.inputs().gather(episodes, all);

    List<IndexedEpisode> indexed = new ArrayList<>();
    long first = 0;
    for (Episode e : episodes) {
      indexed.add(new IndexedEpisode(first, e));
      first += e.transitionCount();
    }
    List<TrainingBlock> blocks = new ArrayList<>();
    new Stage1Returns(snapshot, blockRows).blocks(indexed.iterator()).forEachRemaining(blocks::add);

    int rowSize = learner.inputs().rowSize();
    long next = 0;
    for (TrainingBlock block : blocks) {
      assertThat(block.firstTransition()).isEqualTo(next);
      assertThat(block.inputShape()).containsExactly(learner.inputs().inputShape());
      for (int r = 0; r < block.size(); r++) {
        int i = (int) block.transitionIndex(r);
        assertThat(block.returns()[r]).isCloseTo(expectedReturns[i], within(TOLERANCE));
        assertThat(block.baselines()[r]).isCloseTo(expectedBaselines[i], within(TOLERANCE));
        assertThat(viaLearner.returns()[i]).isCloseTo(expectedReturns[i], within(TOLERANCE));
        assertThat(viaLearner.baselines()[i]).isCloseTo(expectedBaselines[i], within(TOLERANCE));
        assertThat(block.actions()[r])
            .isEqualTo(episodes.get(index.episode(i)).action(index.step(i)));
        for (int k = 0; k < rowSize; k++) {
          assertThat(block.observations()[r * rowSize + k])
              .isEqualTo(expectedObservations[i * rowSize + k]);
        }
      }
      next += block.size();
    }
    assertThat(next).isEqualTo(index.size());
    assertThat(blocks.size()).isGreaterThan(1);
  }
}
