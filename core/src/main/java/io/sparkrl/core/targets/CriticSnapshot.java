package io.sparkrl.core.targets;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.ObservationBatch;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.AwrConfigParser;
import io.sparkrl.core.nn.AwrNetworks;
import io.sparkrl.core.preprocessing.ObservationScaler;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything an executor needs to rebuild the learner's critic exactly: the hyperparameters (as
 * their JSON, since {@link AwrConfig} is not serialisable), the single-frame observation shape, the
 * fitted scaler (or none) and the critic's parameters as a flat {@code float[]} in DL4J's {@link
 * MultiLayerNetwork#params()} order (BatchNorm running statistics included). Immutable and
 * Java/Kryo-serialisable, so it is broadcast once per round.
 */
public final class CriticSnapshot implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private final String configJson;
  private final int[] frameDims;
  private final ObservationScaler scaler;
  private final float[] params;
  private transient AwrConfig config;

  /**
   * @param config the hyperparameters (encoder, batch norm, n_frames, γ, λ)
   * @param frameDims shape of one single-frame observation: {@code [d]} or {@code [C, H, W]}
   * @param scaler the fitted scaler (for n_frames frames), or null
   * @param params the critic's parameters in {@link MultiLayerNetwork#params()} order (copied)
   * @throws IllegalArgumentException if the scaler does not fit the input or the parameter count is
   *     not the critic's
   */
  public CriticSnapshot(
      AwrConfig config, int[] frameDims, ObservationScaler scaler, float[] params) {
    this.configJson = AwrConfigParser.toJson(config);
    this.frameDims = frameDims.clone();
    this.scaler = scaler;
    this.params = params.clone();
    this.config = config;
    long expected = emptyCritic().numParams();
    if (expected != params.length) {
      throw new IllegalArgumentException(
          "critic parameters: got "
              + params.length
              + ", the critic for input "
              + Arrays.toString(inputs().inputShape())
              + " has "
              + expected);
    }
  }

  /**
   * The current critic of {@code learner}.
   *
   * @param frameDims the single-frame observation shape the learner was built for
   */
  public static CriticSnapshot of(AwrLearner learner, int[] frameDims) {
    return new CriticSnapshot(
        learner.config(),
        frameDims,
        learner.inputs().scaler(),
        learner.critic().params().castTo(DataType.FLOAT).dup('c').data().asFloat());
  }

  /** The hyperparameters. */
  public AwrConfig config() {
    if (config == null) {
      config = AwrConfigParser.fromJson(configJson);
    }
    return config;
  }

  /** The observation pipeline (stacking and scaling) the critic's input goes through. */
  public ObservationBatch inputs() {
    return new ObservationBatch(frameDims, config().nFrames(), scaler);
  }

  /** Number of critic parameters. */
  public int parameterCount() {
    return params.length;
  }

  /**
   * A new critic network with these parameters, identical to the learner's critic in inference
   * mode. Each call builds a new network (a few milliseconds); call it once per partition.
   */
  public MultiLayerNetwork rebuildCritic() {
    MultiLayerNetwork critic = emptyCritic();
    critic.setParams(Nd4j.create(params, new long[] {1, params.length}, 'c'));
    return critic;
  }

  private MultiLayerNetwork emptyCritic() {
    AwrConfig c = config();
    return AwrNetworks.critic(
        inputs().inputShape(),
        c.encoderParams(),
        c.useBatchNorm(),
        c.criticLearningRate(),
        c.momentum(),
        0L);
  }
}
