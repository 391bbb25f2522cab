package io.sparkrl.core.nn;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The end of an explicit step ({@link DenseStepper}, {@link ConvStepper}): DL4J's {@link
 * HeavyBallMomentum} sequence on the flat gradient, {@code g /= rows; buf = μ·buf + g; g = lr·buf;
 * p −= g}, then {@code fit}'s bookkeeping (iteration count, score).
 *
 * @param learningRate the updater's step size
 * @param momentum the updater's μ
 */
record MomentumUpdate(double learningRate, double momentum) {

  /** The update of {@code net}'s output layer's {@link HeavyBallMomentum} (all layers share it). */
  static MomentumUpdate of(MultiLayerNetwork net) {
    BaseLayer output = StepperSupport.layerConf(net, net.getnLayers() - 1);
    HeavyBallMomentum updater = (HeavyBallMomentum) output.getIUpdater();
    return new MomentumUpdate(updater.learningRate(), updater.momentum());
  }

  /** {@code net}'s momentum buffers (laid out as its flat parameters), or null before any. */
  static INDArray stateView(MultiLayerNetwork net) {
    Updater updater = net.getUpdater(true);
    return updater == null ? null : updater.getStateViewArray();
  }

  /** Applies the summed gradient of {@code rows} rows to {@code params}; overwrites it. */
  void apply(
      MultiLayerNetwork net,
      INDArray params,
      INDArray buffer,
      INDArray gradient,
      long rows,
      double score) {
    gradient.divi(rows);
    buffer.muli(momentum).addi(gradient);
    buffer.mul(learningRate, gradient);
    params.subi(gradient);
    countStep(net, score);
  }

  /** {@code fit}'s bookkeeping after a step: the iteration count and the score. */
  static void countStep(MultiLayerNetwork net, double score) {
    net.setIterationCount(net.getIterationCount() + 1);
    net.setScore(score);
  }
}
