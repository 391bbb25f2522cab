package io.sparkrl.core.nn;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One SGD step of a network on one mini-batch: forward, loss, backward and the optimiser's update
 * of the network's own parameters and optimiser state, as DL4J's {@code fit(DataSet)} does.
 */
public interface TrainingStep {

  /**
   * Takes one step on {@code miniBatch} (features {@code [rows, …]}, labels {@code [rows,
   * outputs]}, FLOAT, no masks).
   *
   * @return the mini-batch loss computed in the step's forward pass, before its update: what {@link
   *     MultiLayerNetwork#score()} reports after {@code fit}
   */
  double fit(DataSet miniBatch);

  /**
   * As {@link #fit(DataSet)} for step {@code step} of its phase in an iteration, a number that is
   * the same whichever worker or JVM takes the step: a stepper may schedule work on it that must
   * not depend on what ran before in this JVM.
   */
  default double fit(DataSet miniBatch, int step) {
    return fit(miniBatch);
  }

  /**
   * The fastest step that gives {@code net}'s {@code fit} results: {@link DenseStepper} when it
   * {@linkplain DenseStepper#supports supports} the network, else {@link ConvStepper} when it
   * {@linkplain ConvStepper#supports supports} it, otherwise DL4J's own {@code fit}.
   */
  static TrainingStep of(MultiLayerNetwork net) {
    if (DenseStepper.supports(net)) {
      return new DenseStepper(net);
    }
    if (ConvStepper.supports(net)) {
      return new ConvStepper(net);
    }
    return batch -> {
      net.fit(batch);
      return net.score();
    };
  }
}
