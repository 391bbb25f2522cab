package io.sparkrl.core.algo;

import java.io.Serial;
import java.io.Serializable;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One network's trainable state as plain arrays, so it can travel to executors and be averaged: its
 * flat parameter vector (DL4J's {@code params()} order, BatchNorm running statistics included) and
 * its optimiser's state (the heavy-ball momentum buffers, {@code getStateViewArray()}).
 *
 * @param params the parameters
 * @param updaterState the optimiser state; empty when the optimiser keeps none
 */
public record NetworkState(float[] params, float[] updaterState) implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks that neither array is null. */
  public NetworkState {
    if (params == null || updaterState == null) {
      throw new IllegalArgumentException("network state needs parameters and optimiser state");
    }
  }

  /** A copy of {@code net}'s current parameters and optimiser state. */
  public static NetworkState of(MultiLayerNetwork net) {
    Updater updater = net.getUpdater(true);
    INDArray state = updater == null ? null : updater.getStateViewArray();
    return new NetworkState(
        net.params().dup().data().asFloat(),
        state == null ? new float[0] : state.dup().data().asFloat());
  }

  /**
   * Writes this state into {@code net}, which must have the same architecture.
   *
   * @throws IllegalArgumentException if the sizes do not match the network's
   */
  public void applyTo(MultiLayerNetwork net) {
    if (params.length != net.numParams()) {
      throw new IllegalArgumentException(
          params.length + " parameters for a network of " + net.numParams());
    }
    net.params().assign(Nd4j.createFromArray(params).reshape(net.params().shape()));
    Updater updater = net.getUpdater(true);
    INDArray state = updater == null ? null : updater.getStateViewArray();
    long expected = state == null ? 0 : state.length();
    if (updaterState.length != expected) {
      throw new IllegalArgumentException(
          updaterState.length + " optimiser state values for a network with " + expected);
    }
    if (state != null) {
      state.assign(Nd4j.createFromArray(updaterState).reshape(state.shape()));
    }
  }
}
