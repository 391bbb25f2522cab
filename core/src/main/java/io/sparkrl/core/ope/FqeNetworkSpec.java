package io.sparkrl.core.ope;

import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.nn.AwrNetworks;
import java.io.Serializable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What an FQE Q-network is, small enough to travel to executors: built there with {@link #build()},
 * the same on every worker for the same seed.
 *
 * @param inputShape the evaluated model's network input per row (frame-stacked)
 * @param actionSize number of actions
 * @param encoder the evaluated model's encoder parameters
 * @param learningRate Adam's step size
 * @param seed the initial parameters' seed
 */
public record FqeNetworkSpec(
    int[] inputShape, int actionSize, EncoderParams encoder, double learningRate, long seed)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public FqeNetworkSpec {
    inputShape = inputShape.clone();
  }

  /** A freshly initialised network. */
  public MultiLayerNetwork build() {
    return AwrNetworks.qFunction(inputShape, actionSize, encoder, learningRate, seed);
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FqeNetworkSpec s
        && java.util.Arrays.equals(inputShape, s.inputShape)
        && actionSize == s.actionSize
        && java.util.Objects.equals(encoder, s.encoder)
        && Double.compare(learningRate, s.learningRate) == 0
        && seed == s.seed;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        java.util.Arrays.hashCode(inputShape), actionSize, encoder, learningRate, seed);
  }

  @Override
  public String toString() {
    return "FqeNetworkSpec["
        + java.util.Arrays.toString(inputShape)
        + ", "
        + actionSize
        + " actions, "
        + encoder
        + ", lr "
        + learningRate
        + ", seed "
        + seed
        + "]";
  }
}
