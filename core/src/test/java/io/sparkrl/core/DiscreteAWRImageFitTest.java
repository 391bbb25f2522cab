package io.sparkrl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.core.config.ActivationType;
import io.sparkrl.core.config.AugmentationSpec;
import io.sparkrl.core.config.AugmentationType;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.ConvFilter;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.config.ScalerType;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image path end to end through {@link DiscreteAWR#fit}: stacked catch frames, the pixel
 * scaler, batch norm, swish, an augmentation averaged over two copies. Updates run in train mode
 * (batch norm's running statistics move), values and predictions in inference mode (a row's value
 * does not depend on the rows beside it, up to the rounding of a different matrix size).
 */
class DiscreteAWRImageFitTest {

  private static final int N_FRAMES = 2;

  @Test
  void fitsStackedImagesWithBatchNormAndAugmentation(@TempDir Path logs) throws Exception {
    DiscreteEnv env = Environments.create(Environments.CATCH);
    List<Episode> episodes =
        EpisodeGenerator.generateUntil(
            env, Policies.create(Policies.MIXED, env), 5, 400, Episode::transitionCount);
    AwrConfig config =
        AwrConfig.builder()
            .nFrames(N_FRAMES)
            .scaler(ScalerSpec.of(ScalerType.PIXEL))
            .useBatchNorm(true)
            .encoderParams(
                new EncoderParams(
                    null,
                    List.of(new ConvFilter(4, 3, 1), new ConvFilter(8, 3, 2)),
                    16,
                    ActivationType.SWISH))
            .augmentation(List.of(AugmentationSpec.of(AugmentationType.RANDOM_SHIFT)))
            .nAugmentations(2)
            .batchSize(64)
            .batchSizePerUpdate(32)
            .nCriticUpdates(3)
            .nActorUpdates(3)
            .nEpochs(1)
            .build();
    DiscreteAWR awr = new DiscreteAWR(config, 3);
    int frame = env.observationShape().size();
    int rows = 50;
    float[] stacked = stackedObservations(episodes, rows, frame);
    awr.createImpl(env.observationShape().dims(), env.actionCount());
    float[] meanBefore = runningMean(awr.impl().critic());
    float[] valuesBefore = awr.predictValue(stacked, rows);

    List<Map<String, Double>> history =
        awr.fit(
            episodes, FitOptions.builder().logdir(logs.toString()).withTimestamp(false).build());

    assertThat(history).hasSize(1);
    assertThat(history.get(0).get(io.sparkrl.core.train.MetricNames.CRITIC_LOSS))
        .isFinite()
        .isPositive();
    assertThat(history.get(0).get(io.sparkrl.core.train.MetricNames.ACTOR_LOSS)).isFinite();
    assertThat(runningMean(awr.impl().critic())).isNotEqualTo(meanBefore);
    float[] values = awr.predictValue(stacked, rows);
    assertThat(values).isNotEqualTo(valuesBefore);
    for (int r : new int[] {0, 17, rows - 1}) {
      float[] one = Arrays.copyOfRange(stacked, r * N_FRAMES * frame, (r + 1) * N_FRAMES * frame);
      assertThat(awr.predictValue(one, 1)[0]).isCloseTo(values[r], within(1e-5f));
      assertThat(awr.predict(one, 1)[0]).isEqualTo(awr.predict(stacked, rows)[r]);
    }
    assertThat(awr.predictValue(stacked, rows)).isEqualTo(values);
  }

  /** The first rows of the episodes with the frame before each (zeros before the first). */
  private static float[] stackedObservations(List<Episode> episodes, int rows, int frame) {
    float[] out = new float[rows * N_FRAMES * frame];
    int r = 0;
    for (Episode e : episodes) {
      for (int t = 0; t < e.length() && r < rows; t++, r++) {
        int base = r * N_FRAMES * frame;
        if (t > 0) {
          e.copyObservation(t - 1, out, base);
        }
        e.copyObservation(t, out, base + frame);
      }
    }
    return out;
  }

  /** Every batch-norm layer's running mean, concatenated. */
  private static float[] runningMean(MultiLayerNetwork net) {
    float[] all = new float[0];
    for (Layer layer : net.getLayers()) {
      if (layer instanceof BatchNormalization) {
        float[] mean = layer.getParam("mean").dup().data().asFloat();
        float[] grown = Arrays.copyOf(all, all.length + mean.length);
        System.arraycopy(mean, 0, grown, all.length, mean.length);
        all = grown;
      }
    }
    assertThat(all).as("batch-norm running means").isNotEmpty();
    return all;
  }
}
