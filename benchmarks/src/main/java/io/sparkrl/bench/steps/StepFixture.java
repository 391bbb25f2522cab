package io.sparkrl.bench.steps;

import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.ConvFilter;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.nn.AwrNetworks;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The default actor and critic for one observation shape (d3rlpy's default hyperparameters and
 * encoder), one fixed mini-batch for each, and the floors of their steps.
 */
public final class StepFixture {

  /** Rows per mini-batch: d3rlpy's default {@code batch_size_per_update}. */
  public static final int BATCH = 256;

  /** Actions of the benchmarked tasks (CartPole's two). */
  public static final int ACTIONS = 2;

  final MultiLayerNetwork critic;
  final MultiLayerNetwork actor;
  final DataSet criticBatch;
  final DataSet actorBatch;
  final GemmFloor criticFloor;
  final GemmFloor actorFloor;

  /**
   * @param shape {@code [d]} or {@code [C, H, W]} (square images)
   */
  public StepFixture(int[] shape) {
    AwrConfig config = AwrConfig.defaults();
    EncoderParams encoder = config.encoderParams();
    critic =
        AwrNetworks.critic(
            shape,
            encoder,
            config.useBatchNorm(),
            config.criticLearningRate(),
            config.momentum(),
            1);
    actor =
        AwrNetworks.actor(
            shape,
            ACTIONS,
            encoder,
            config.useBatchNorm(),
            config.actorLearningRate(),
            config.momentum(),
            2);
    SplittableRandom random = new SplittableRandom(3);
    int rowSize = 1;
    for (int d : shape) {
      rowSize *= d;
    }
    float[] x = new float[BATCH * rowSize];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    long[] inputShape = new long[shape.length + 1];
    inputShape[0] = BATCH;
    for (int i = 0; i < shape.length; i++) {
      inputShape[i + 1] = shape[i];
    }
    INDArray observations = Nd4j.create(x, inputShape, 'c');
    float[] returns = new float[BATCH];
    float[] weights = new float[BATCH];
    int[] actions = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      returns[i] = (float) random.nextDouble(0, 20);
      weights[i] = (float) random.nextDouble(0, 20);
      actions[i] = random.nextInt(ACTIONS);
    }
    criticBatch = AwrNetworks.criticBatch(observations, returns);
    actorBatch = AwrNetworks.actorBatch(observations, actions, weights, ACTIONS);
    if (shape.length == 1) {
      List<Integer> hidden = encoder.hiddenUnitsOrDefault();
      criticFloor = GemmFloor.dense(BATCH, widths(shape[0], hidden, 1));
      actorFloor = GemmFloor.dense(BATCH, widths(shape[0], hidden, ACTIONS));
    } else {
      List<ConvFilter> filters = encoder.filtersOrDefault();
      int[][] f = new int[filters.size()][];
      for (int i = 0; i < f.length; i++) {
        ConvFilter c = filters.get(i);
        f[i] = new int[] {c.channels(), c.kernel(), c.stride()};
      }
      int feature = encoder.featureSizeOrDefault();
      criticFloor = GemmFloor.conv(BATCH, shape[0], shape[1], f, feature, 1);
      actorFloor = GemmFloor.conv(BATCH, shape[0], shape[1], f, feature, ACTIONS);
    }
  }

  private static int[] widths(int in, List<Integer> hidden, int out) {
    int[] widths = new int[hidden.size() + 2];
    widths[0] = in;
    for (int i = 0; i < hidden.size(); i++) {
      widths[i + 1] = hidden.get(i);
    }
    widths[widths.length - 1] = out;
    return widths;
  }
}
