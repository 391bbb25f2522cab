package io.sparkrl.core.nn;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The state and step of {@link HeavyBallMomentum}: turns a gradient g, in place, into the update
 * {@code lr·buf} after {@code buf = μ·buf + g}; DL4J then subtracts the update from the parameters.
 */
public final class HeavyBallMomentumUpdater implements GradientUpdater<HeavyBallMomentum> {

  /** Key of the momentum buffer in {@link #getState()}. */
  public static final String BUFFER_STATE = "momentumBuffer";

  private final HeavyBallMomentum config;
  private INDArray buffer;

  /** An updater with no state yet: DL4J gives it one through {@link #setStateViewArray}. */
  public HeavyBallMomentumUpdater(HeavyBallMomentum config) {
    this.config = config;
  }

  @Override
  public HeavyBallMomentum getConfig() {
    return config;
  }

  /**
   * Uses {@code stateMap}'s {@value #BUFFER_STATE} array as the buffer.
   *
   * @throws IllegalStateException if the map holds other keys or lacks the buffer
   */
  @Override
  public void setState(Map<String, INDArray> stateMap, boolean initialize) {
    if (stateMap == null || stateMap.size() != 1 || !stateMap.containsKey(BUFFER_STATE)) {
      throw new IllegalStateException(
          "HeavyBallMomentum state must hold exactly the key "
              + BUFFER_STATE
              + ", got "
              + (stateMap == null ? null : stateMap.keySet()));
    }
    buffer = stateMap.get(BUFFER_STATE);
    if (initialize) {
      buffer.assign(0);
    }
  }

  @Override
  public Map<String, INDArray> getState() {
    return Map.of(BUFFER_STATE, buffer);
  }

  /**
   * Takes {@code viewArray}, a row vector of the network's updater state, as the buffer, reshaped
   * to the gradient's shape and order.
   */
  @Override
  public void setStateViewArray(
      INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
    if (!viewArray.isRowVectorOrScalar()) {
      throw new IllegalArgumentException(
          "HeavyBallMomentum state view must be a row vector, got shape "
              + Arrays.toString(viewArray.shape()));
    }
    if (initialize) {
      viewArray.assign(0);
    }
    buffer = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
    if (buffer == null) {
      throw new IllegalStateException("could not reshape the momentum buffer to the gradient");
    }
  }

  /** {@code buf = μ·buf + g; g = lr·buf} (in place on {@code gradient}). */
  @Override
  public void applyUpdater(INDArray gradient, int iteration, int epoch) {
    if (buffer == null) {
      throw new IllegalStateException("HeavyBallMomentum updater has no state view yet");
    }
    if (!Arrays.equals(gradient.shape(), buffer.shape())) {
      throw new IllegalStateException(
          "gradient shape "
              + Arrays.toString(gradient.shape())
              + " differs from the momentum buffer's "
              + Arrays.toString(buffer.shape()));
    }
    buffer.muli(config.momentum()).addi(gradient);
    buffer.mul(config.getLearningRate(iteration, epoch), gradient);
  }
}
