package io.sparkrl.core.nn;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * SGD with heavy-ball momentum in PyTorch's form ({@code torch.optim.SGD(momentum=μ)}, no
 * dampening, no Nesterov, no weight decay), as a DL4J updater configuration:
 *
 * <pre>
 *   buf = μ·buf + g      (buf starts at zero, so the first step is p −= lr·g)
 *   p  -= lr·buf
 * </pre>
 *
 * <p>DL4J's own {@code Nesterovs} is the Nesterov variant and does not match PyTorch. The state is
 * one momentum buffer per parameter (key {@value HeavyBallMomentumUpdater#BUFFER_STATE}), held in
 * the network's updater state view, so {@code ModelSerializer} saves and restores it with the
 * network. The class is serialised in DL4J's configuration JSON by Jackson (shaded) through its
 * fields, like the built-in updaters.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class HeavyBallMomentum implements IUpdater {

  private static final long serialVersionUID = 1L;

  private final double learningRate;
  private final double momentum;

  /**
   * @param learningRate step size lr, {@code > 0} and finite
   * @param momentum momentum factor μ in [0, 1)
   * @throws IllegalArgumentException if a value breaks its rule
   */
  @JsonCreator
  public HeavyBallMomentum(
      @JsonProperty("learningRate") double learningRate,
      @JsonProperty("momentum") double momentum) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate must be > 0 and finite, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  /** The step size lr. */
  public double learningRate() {
    return learningRate;
  }

  /** The momentum factor μ. */
  public double momentum() {
    return momentum;
  }

  /** One momentum value per parameter. */
  @Override
  public long stateSize(long numParams) {
    return numParams;
  }

  /**
   * An updater over {@code viewArray}, a row vector of {@link #stateSize} values.
   *
   * @param initializeViewArray true to zero the buffer (a new network), false to keep its values (a
   *     restored one)
   */
  @Override
  public GradientUpdater<HeavyBallMomentum> instantiate(
      INDArray viewArray, boolean initializeViewArray) {
    HeavyBallMomentumUpdater updater = new HeavyBallMomentumUpdater(this);
    updater.setStateViewArray(
        viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
    return updater;
  }

  /**
   * An updater whose buffer is {@code updaterState}'s {@value
   * HeavyBallMomentumUpdater#BUFFER_STATE}.
   */
  @Override
  public GradientUpdater<HeavyBallMomentum> instantiate(
      Map<String, INDArray> updaterState, boolean initializeStateArrays) {
    HeavyBallMomentumUpdater updater = new HeavyBallMomentumUpdater(this);
    updater.setState(updaterState, initializeStateArrays);
    return updater;
  }

  /** The learning rate: this updater has no schedule. */
  @Override
  public double getLearningRate(int iteration, int epoch) {
    return learningRate;
  }

  @Override
  public boolean hasLearningRate() {
    return true;
  }

  /**
   * Not supported: the configuration is immutable and has no schedule.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
    throw new UnsupportedOperationException(
        "HeavyBallMomentum is immutable: build a new one with learning rate " + lr);
  }

  /** This instance: the configuration is immutable. */
  @Override
  public HeavyBallMomentum clone() {
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeavyBallMomentum other
        && Double.compare(learningRate, other.learningRate) == 0
        && Double.compare(momentum, other.momentum) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, momentum);
  }

  @Override
  public String toString() {
    return "HeavyBallMomentum(learningRate=" + learningRate + ", momentum=" + momentum + ")";
  }
}
