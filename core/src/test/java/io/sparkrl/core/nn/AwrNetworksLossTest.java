package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.sparkrl.core.config.EncoderParams;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The losses DL4J minimises equal d3rlpy's: actor −mean(w·log π(a|s)), critic mean((V − G)²). The
 * expected values come from the networks' outputs and a central finite difference of the formula,
 * not from DL4J's loss functions. The networks are converted to double for the finite differences.
 */
class AwrNetworksLossTest {

  private static final EncoderParams TINY = new EncoderParams(List.of(5), null, null, null);
  private static final double LR = 0.1;
  private static final int[] ACTIONS = {0, 2, 1, 2};
  // weights that do not sum to N: tells "divide by N" from "divide by the weights' sum"
  private static final float[] WEIGHTS = {0.5f, 3.0f, 1.25f, 0.0f};
  private static final float[] RETURNS = {0.3f, -1.2f, 2.0f, 0.7f};

  private static INDArray observations() {
    Nd4j.getRandom().setSeed(3);
    return Nd4j.rand(DataType.FLOAT, 4, 3).subi(0.5).muli(2);
  }

  private static double actorFormula(MultiLayerNetwork net, INDArray x) {
    INDArray probs = net.output(x, false);
    double sum = 0;
    for (int i = 0; i < ACTIONS.length; i++) {
      sum += WEIGHTS[i] * Math.log(probs.getDouble(i, ACTIONS[i]));
    }
    return -sum / ACTIONS.length;
  }

  private static double criticFormula(MultiLayerNetwork net, INDArray x) {
    INDArray values = net.output(x, false);
    double sum = 0;
    for (int i = 0; i < RETURNS.length; i++) {
      double d = values.getDouble(i, 0) - RETURNS[i];
      sum += d * d;
    }
    return sum / RETURNS.length;
  }

  private static INDArray finiteDifference(
      MultiLayerNetwork net, ToDoubleFunction<MultiLayerNetwork> loss) {
    INDArray p = net.params().dup();
    INDArray grad = Nd4j.zeros(DataType.DOUBLE, p.length());
    double h = 1e-6;
    for (int i = 0; i < p.length(); i++) {
      INDArray shifted = p.dup();
      shifted.putScalar(i, p.getDouble(i) + h);
      net.setParams(shifted);
      double up = loss.applyAsDouble(net);
      shifted.putScalar(i, p.getDouble(i) - h);
      net.setParams(shifted);
      grad.putScalar(i, (up - loss.applyAsDouble(net)) / (2 * h));
    }
    net.setParams(p);
    return grad;
  }

  /** One fit with momentum 0 moves the parameters by −lr times the gradient of the formula. */
  private static void assertOneStepFollowsFormula(
      MultiLayerNetwork net, DataSet ds, ToDoubleFunction<MultiLayerNetwork> loss) {
    double formula = loss.applyAsDouble(net);
    assertThat(net.score(ds, false)).isCloseTo(formula, offset(1e-10));
    INDArray expected =
        net.params().dup().reshape(net.numParams()).subi(finiteDifference(net, loss).muli(LR));
    net.fit(ds);
    assertThat(net.score()).isCloseTo(formula, offset(1e-10));
    assertThat(HeavyBallMomentumTest.maxAbsDiff(net.params(), expected)).isLessThan(1e-8);
  }

  @Test
  void actorMinimisesWeightedNegativeLogLikelihoodOverN() {
    MultiLayerNetwork actor =
        AwrNetworks.actor(new int[] {3}, 3, TINY, false, LR, 0.0, 9)
            .convertDataType(DataType.DOUBLE);
    INDArray x = observations().castTo(DataType.DOUBLE);
    DataSet ds = AwrNetworks.actorBatch(x, ACTIONS, WEIGHTS, 3);
    ds.setFeatures(x);
    ds.setLabels(ds.getLabels().castTo(DataType.DOUBLE));
    assertOneStepFollowsFormula(actor, ds, net -> actorFormula(net, x));
  }

  @Test
  void criticMinimisesMeanSquaredErrorWithoutHalf() {
    MultiLayerNetwork critic =
        AwrNetworks.critic(new int[] {3}, TINY, false, LR, 0.0, 9).convertDataType(DataType.DOUBLE);
    INDArray x = observations().castTo(DataType.DOUBLE);
    DataSet ds = AwrNetworks.criticBatch(x, RETURNS);
    ds.setFeatures(x);
    ds.setLabels(ds.getLabels().castTo(DataType.DOUBLE));
    assertOneStepFollowsFormula(critic, ds, net -> criticFormula(net, x));
  }

  @Test
  void floatActorScoreEqualsTheFormula() {
    MultiLayerNetwork actor = AwrNetworks.actor(new int[] {3}, 3, TINY, false, LR, 0.9, 9);
    INDArray x = observations();
    DataSet ds = AwrNetworks.actorBatch(x, ACTIONS, WEIGHTS, 3);
    assertThat(ds.getLabels().getFloat(1, 2)).isEqualTo(3.0f);
    assertThat(ds.getLabels().sumNumber().doubleValue()).isEqualTo(4.75);
    assertThat(ds.getLabelsMaskArray()).isNull();
    assertThat(actor.score(ds, false)).isCloseTo(actorFormula(actor, x), offset(1e-6));
  }

  @Test
  void batchesRejectMismatchedLengthsAndActionsOutOfRange() {
    INDArray x = observations();
    assertThatThrownBy(() -> AwrNetworks.actorBatch(x, new int[] {0, 1, 2, 3}, WEIGHTS, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 3: action 3 is outside [0, 3)");
    assertThatThrownBy(() -> AwrNetworks.actorBatch(x, new int[] {0}, WEIGHTS, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 observations but 1 actions");
    assertThatThrownBy(() -> AwrNetworks.criticBatch(x, new float[] {1f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 observations but 1 returns");
  }
}
