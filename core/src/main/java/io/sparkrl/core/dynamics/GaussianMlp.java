package io.sparkrl.core.dynamics;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One member of the ensemble: an MLP {@code x → [Linear → swish]* → Linear} whose output is the
 * mean μ and a raw log-variance of a diagonal Gaussian over {@code outputSize} targets. The
 * log-variance is bounded softly between learnt limits as in PETS/MBPO (and d3rlpy's log-std):
 * {@code v = min + softplus(max − softplus(max − raw) − min)}. Trained on the Gaussian negative
 * log-likelihood per row, {@code Σ_j ½[(μ_j − y_j)²·e^{−v_j} + v_j]}, averaged over the mini-batch,
 * plus {@value #BOUND_PENALTY}·(Σ max − Σ min), which keeps the limits tight, with {@link Adam}.
 *
 * <p>Linear layers start as PyTorch's {@code nn.Linear}: weights and biases from U(−1/√fan_in,
 * 1/√fan_in). Parameters are held as FLOAT {@link INDArray}s; not thread-safe.
 */
final class GaussianMlp {

  static final double INITIAL_MAX_LOG_VARIANCE = 0.5;
  static final double INITIAL_MIN_LOG_VARIANCE = -10.0;
  static final double BOUND_PENALTY = 0.01;

  /** Mean and bounded log-variance of {@code rows × size} targets, row-major. */
  record Gaussian(float[] mean, float[] logVariance, int rows, int size) {}

  private final INDArray[] weights;
  private final INDArray[] biases;
  private final INDArray maxLogVariance;
  private final INDArray minLogVariance;
  private final int outputSize;
  private Adam adam;

  private GaussianMlp(
      INDArray[] weights, INDArray[] biases, INDArray maxLogVariance, INDArray minLogVariance) {
    this.weights = weights;
    this.biases = biases;
    this.maxLogVariance = maxLogVariance;
    this.minLogVariance = minLogVariance;
    this.outputSize = (int) maxLogVariance.length();
  }

  /** A freshly initialised member; draws come from {@code random} layer by layer, W before b. */
  static GaussianMlp initialised(
      int inputSize, List<Integer> hiddenUnits, int outputSize, SplittableRandom random) {
    int[] sizes = layerSizes(inputSize, hiddenUnits, outputSize);
    int layers = sizes.length - 1;
    INDArray[] w = new INDArray[layers];
    INDArray[] b = new INDArray[layers];
    for (int l = 0; l < layers; l++) {
      double bound = 1.0 / Math.sqrt(sizes[l]);
      w[l] = uniform(sizes[l], sizes[l + 1], bound, random);
      b[l] = uniform(1, sizes[l + 1], bound, random);
    }
    return new GaussianMlp(
        w,
        b,
        Nd4j.valueArrayOf(new long[] {1, outputSize}, (float) INITIAL_MAX_LOG_VARIANCE),
        Nd4j.valueArrayOf(new long[] {1, outputSize}, (float) INITIAL_MIN_LOG_VARIANCE));
  }

  /**
   * A member from saved parameter values in {@link #parameters()} order.
   *
   * @throws IllegalArgumentException if the number of values does not match the architecture
   */
  static GaussianMlp restored(
      int inputSize, List<Integer> hiddenUnits, int outputSize, float[] values, String source) {
    int[] sizes = layerSizes(inputSize, hiddenUnits, outputSize);
    long expected = parameterCount(sizes);
    if (values.length != expected) {
      throw new IllegalArgumentException(
          source + ": " + values.length + " parameter values, the architecture needs " + expected);
    }
    int layers = sizes.length - 1;
    INDArray[] w = new INDArray[layers];
    INDArray[] b = new INDArray[layers];
    int[] at = {0};
    for (int l = 0; l < layers; l++) {
      w[l] = slice(values, at, sizes[l], sizes[l + 1]);
      b[l] = slice(values, at, 1, sizes[l + 1]);
    }
    INDArray max = slice(values, at, 1, outputSize);
    INDArray min = slice(values, at, 1, outputSize);
    return new GaussianMlp(w, b, max, min);
  }

  /** The parameters in a fixed order: W and b per layer, then the max and min log-variance. */
  List<INDArray> parameters() {
    List<INDArray> out = new ArrayList<>();
    for (int l = 0; l < weights.length; l++) {
      out.add(weights[l]);
      out.add(biases[l]);
    }
    out.add(maxLogVariance);
    out.add(minLogVariance);
    return out;
  }

  /** All parameter values in {@link #parameters()} order, row-major. */
  float[] parameterValues() {
    List<float[]> parts = new ArrayList<>();
    int total = 0;
    for (INDArray p : parameters()) {
      float[] v = p.dup('c').data().asFloat();
      parts.add(v);
      total += v.length;
    }
    float[] out = new float[total];
    int at = 0;
    for (float[] v : parts) {
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  /** The Gaussian for a batch of inputs {@code [rows, inputSize]}. */
  Gaussian predict(INDArray inputs) {
    Forward f = forward(inputs);
    int rows = (int) inputs.size(0);
    int m = outputSize;
    float[] mean = new float[rows * m];
    float[] logVar = new float[rows * m];
    float[] max = maxLogVariance.toFloatVector();
    float[] min = minLogVariance.toFloatVector();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < m; j++) {
        mean[i * m + j] = f.output[i * 2 * m + j];
        double a = max[j] - softplus(max[j] - f.output[i * 2 * m + m + j]);
        logVar[i * m + j] = (float) (min[j] + softplus(a - min[j]));
      }
    }
    return new Gaussian(mean, logVar, rows, m);
  }

  /**
   * One Adam step on a mini-batch.
   *
   * @param inputs {@code [rows, inputSize]}
   * @param targets {@code rows × outputSize} values, row-major
   * @return the mini-batch loss before the step
   * @throws IllegalStateException if the loss is not finite (training diverged)
   */
  double fitStep(INDArray inputs, float[] targets, double learningRate) {
    Forward f = forward(inputs);
    int rows = (int) inputs.size(0);
    int m = outputSize;
    float[] max = maxLogVariance.toFloatVector();
    float[] min = minLogVariance.toFloatVector();
    float[] dOut = new float[rows * 2 * m];
    double[] dMax = new double[m];
    double[] dMin = new double[m];
    double loss = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < m; j++) {
        double mu = f.output[i * 2 * m + j];
        double u = max[j] - f.output[i * 2 * m + m + j];
        double a = max[j] - softplus(u);
        double w = a - min[j];
        double v = min[j] + softplus(w);
        double e = mu - targets[i * m + j];
        double precision = Math.exp(-v);
        loss += 0.5 * (e * e * precision + v);
        double dv = 0.5 * (1.0 - e * e * precision) / rows;
        double sw = sigmoid(w);
        double da = dv * sw;
        dMin[j] += dv * (1.0 - sw);
        double su = sigmoid(u);
        dMax[j] += da * (1.0 - su);
        dOut[i * 2 * m + j] = (float) (e * precision / rows);
        dOut[i * 2 * m + m + j] = (float) (da * su);
      }
    }
    loss /= rows;
    for (int j = 0; j < m; j++) {
      loss += BOUND_PENALTY * (max[j] - min[j]);
      dMax[j] += BOUND_PENALTY;
      dMin[j] -= BOUND_PENALTY;
    }
    if (!Double.isFinite(loss)) {
      throw new IllegalStateException(
          "dynamics: training diverged (loss " + loss + "); try a smaller learning rate");
    }
    List<INDArray> gradients = gradients(f, Nd4j.create(dOut, new long[] {rows, 2L * m}, 'c'));
    gradients.add(row(dMax));
    gradients.add(row(dMin));
    if (adam == null) {
      adam = new Adam(parameters());
    }
    adam.step(parameters(), gradients, learningRate);
    return loss;
  }

  /** Hidden activations kept for the backward pass, and the output row-major. */
  private record Forward(INDArray[] activations, INDArray[] sigmoids, float[] output) {}

  private Forward forward(INDArray inputs) {
    int hidden = weights.length - 1;
    INDArray[] activations = new INDArray[hidden + 1];
    INDArray[] sigmoids = new INDArray[hidden];
    activations[0] = inputs;
    INDArray h = inputs;
    for (int l = 0; l < hidden; l++) {
      INDArray z = h.mmul(weights[l]).addiRowVector(biases[l]);
      sigmoids[l] = Transforms.sigmoid(z, true);
      h = z.muli(sigmoids[l]);
      activations[l + 1] = h;
    }
    INDArray out = h.mmul(weights[hidden]).addiRowVector(biases[hidden]);
    return new Forward(activations, sigmoids, out.dup('c').data().asFloat());
  }

  /** Gradients of W and b per layer, in {@link #parameters()} order, from dLoss/dOutput. */
  private List<INDArray> gradients(Forward f, INDArray dOut) {
    int layers = weights.length;
    INDArray[] gw = new INDArray[layers];
    INDArray[] gb = new INDArray[layers];
    INDArray g = dOut;
    for (int l = layers - 1; l >= 0; l--) {
      gw[l] = f.activations[l].transpose().mmul(g);
      gb[l] = g.sum(0).reshape(1, g.size(1));
      if (l > 0) {
        // swish'(z) = σ(z) + h·(1 − σ(z)), with h = swish(z)
        INDArray s = f.sigmoids[l - 1];
        INDArray derivative = s.add(f.activations[l].mul(s.rsub(1.0)));
        g = g.mmul(weights[l].transpose()).muli(derivative);
      }
    }
    List<INDArray> out = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      out.add(gw[l]);
      out.add(gb[l]);
    }
    return out;
  }

  private static int[] layerSizes(int inputSize, List<Integer> hiddenUnits, int outputSize) {
    int[] sizes = new int[hiddenUnits.size() + 2];
    sizes[0] = inputSize;
    for (int l = 0; l < hiddenUnits.size(); l++) {
      sizes[l + 1] = hiddenUnits.get(l);
    }
    sizes[sizes.length - 1] = Math.multiplyExact(2, outputSize);
    return sizes;
  }

  /**
   * The number of parameter values of a member, computed without overflow.
   *
   * @throws IllegalArgumentException if a size is below 1
   */
  static long parameterCount(int inputSize, List<Integer> hiddenUnits, int outputSize) {
    int[] sizes = layerSizes(inputSize, hiddenUnits, outputSize);
    for (int size : sizes) {
      if (size < 1) {
        throw new IllegalArgumentException(
            "layer sizes " + java.util.Arrays.toString(sizes) + " must all be >= 1");
      }
    }
    return parameterCount(sizes);
  }

  private static long parameterCount(int[] sizes) {
    long n = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      n =
          Math.addExact(
              n, Math.addExact(Math.multiplyExact((long) sizes[l], sizes[l + 1]), sizes[l + 1]));
    }
    return Math.addExact(n, sizes[sizes.length - 1]);
  }

  private static INDArray uniform(int rows, int cols, double bound, SplittableRandom random) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((random.nextDouble() * 2.0 - 1.0) * bound);
    }
    return Nd4j.create(v, new long[] {rows, cols}, 'c');
  }

  private static INDArray slice(float[] values, int[] at, int rows, int cols) {
    float[] v = new float[rows * cols];
    System.arraycopy(values, at[0], v, 0, v.length);
    at[0] += v.length;
    return Nd4j.create(v, new long[] {rows, cols}, 'c');
  }

  private static INDArray row(double[] values) {
    float[] v = new float[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) values[i];
    }
    return Nd4j.create(v, new long[] {1, v.length}, 'c');
  }

  /** log(1 + e^x) without overflow. */
  static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
