package io.sparkrl.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * A network-free PolicyModel for scorer tests: V(s) is the sum of the (stacked) input row, the
 * greedy action is a given rule of the row, and every input row passed in is recorded.
 */
final class FakePolicyModel implements PolicyModel {

  private final int[] shape;
  private final int nFrames;
  private final int actionSize;
  private final double gamma;
  private final ToIntFunction<float[]> rule;
  final List<float[]> valueInputs = new ArrayList<>();
  final List<float[]> predictInputs = new ArrayList<>();
  final List<Integer> valueCallRows = new ArrayList<>();

  FakePolicyModel(
      int[] shape, int nFrames, int actionSize, double gamma, ToIntFunction<float[]> rule) {
    this.shape = shape.clone();
    this.nFrames = nFrames;
    this.actionSize = actionSize;
    this.gamma = gamma;
    this.rule = rule;
  }

  static float sum(float[] row) {
    float total = 0;
    for (float v : row) {
      total += v;
    }
    return total;
  }

  private int rowSize() {
    int size = nFrames;
    for (int d : shape) {
      size *= d;
    }
    return size;
  }

  private float[][] rows(float[] observations, int rows) {
    int size = rowSize();
    if (observations.length != rows * size) {
      throw new IllegalArgumentException(
          observations.length + " values for " + rows + " rows of " + size);
    }
    float[][] out = new float[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = Arrays.copyOfRange(observations, i * size, (i + 1) * size);
    }
    return out;
  }

  @Override
  public int[] observationShape() {
    return shape.clone();
  }

  @Override
  public int nFrames() {
    return nFrames;
  }

  @Override
  public int actionSize() {
    return actionSize;
  }

  @Override
  public double gamma() {
    return gamma;
  }

  @Override
  public int[] predict(float[] observations, int rows) {
    int[] actions = new int[rows];
    float[][] split = rows(observations, rows);
    for (int i = 0; i < rows; i++) {
      predictInputs.add(split[i]);
      actions[i] = rule.applyAsInt(split[i]);
    }
    return actions;
  }

  @Override
  public float[] predictValue(float[] observations, int rows) {
    valueCallRows.add(rows);
    float[] values = new float[rows];
    float[][] split = rows(observations, rows);
    for (int i = 0; i < rows; i++) {
      valueInputs.add(split[i]);
      values[i] = sum(split[i]);
    }
    return values;
  }

  @Override
  public int[] sampleAction(float[] observations, int rows, RandomGenerator random) {
    throw new UnsupportedOperationException("scorers do not sample");
  }
}
