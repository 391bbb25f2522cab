package io.sparkrl.core;

import io.sparkrl.core.config.ActivationType;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.config.ScalerType;
import io.sparkrl.datasets.Episode;
import java.util.List;

/** Tiny settings and CartPole episodes for the DiscreteAWR tests. */
final class DiscreteAWRTestData {

  private DiscreteAWRTestData() {}

  /** hidden [16, 16], batch 64, bspu 16, 4 + 4 steps per iteration, 2 epochs, standard scaler. */
  static AwrConfig.Builder tiny() {
    return AwrConfig.builder()
        .batchSize(64)
        .batchSizePerUpdate(16)
        .nActorUpdates(4)
        .nCriticUpdates(4)
        .nEpochs(2)
        .actorLearningRate(1e-2)
        .criticLearningRate(1e-2)
        .encoderParams(new EncoderParams(List.of(16, 16), null, null, ActivationType.RELU))
        .scaler(ScalerSpec.of(ScalerType.STANDARD));
  }

  /** The first {@code rows} observations of the episodes, flattened. */
  static float[] observations(List<Episode> episodes, int rows) {
    int d = episodes.get(0).shape().size();
    float[] out = new float[rows * d];
    int r = 0;
    for (Episode e : episodes) {
      for (int t = 0; t < e.length() && r < rows; t++, r++) {
        e.copyObservation(t, out, r * d);
      }
    }
    return out;
  }
}
