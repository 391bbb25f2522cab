package io.sparkrl.core.dynamics;

import io.sparkrl.core.metrics.PolicyModel;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/** A network-free policy for the rollout tests: a fixed rule of the observation, V(s) = Σ s. */
final class RulePolicy implements PolicyModel {

  private final int features;
  private final int actionSize;
  private final ToIntFunction<float[]> rule;

  RulePolicy(int features, int actionSize, ToIntFunction<float[]> rule) {
    this.features = features;
    this.actionSize = actionSize;
    this.rule = rule;
  }

  @Override
  public int[] observationShape() {
    return new int[] {features};
  }

  @Override
  public int nFrames() {
    return 1;
  }

  @Override
  public int actionSize() {
    return actionSize;
  }

  @Override
  public double gamma() {
    return 0.99;
  }

  @Override
  public int[] predict(float[] observations, int rows) {
    int[] out = new int[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = rule.applyAsInt(Arrays.copyOfRange(observations, i * features, (i + 1) * features));
    }
    return out;
  }

  @Override
  public float[] predictValue(float[] observations, int rows) {
    float[] out = new float[rows];
    for (int i = 0; i < rows * features; i++) {
      out[i / features] += observations[i];
    }
    return out;
  }

  @Override
  public int[] sampleAction(float[] observations, int rows, RandomGenerator random) {
    return predict(observations, rows);
  }
}
