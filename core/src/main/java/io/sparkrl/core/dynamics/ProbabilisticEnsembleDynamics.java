package io.sparkrl.core.dynamics;

import io.sparkrl.core.metrics.PolicyModel;
import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.core.storage.RunStorage;
import io.sparkrl.datasets.Episode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * d3rlpy's {@code ProbabilisticEnsembleDynamics}: an ensemble of {@link GaussianMlp}s, each taking
 * a vector observation s (standardised when {@link DynamicsFitOptions#standardise()}) concatenated
 * with the one-hot discrete action a, and predicting a Gaussian over the observation delta s' − s
 * (in standardised units) and the reward r. Fitted by {@link #fit} on the transitions of episodes
 * (see {@link DynamicsTransitions}: terminal last rows are left out, cut-off last rows are only
 * successor states), saved and loaded as a zip ({@link DynamicsArchive}), and used by {@code
 * DiscreteAWR.fit} through {@link #generate} (docs/design.md §1.3).
 *
 * <p>Vector observations only. Holds its parameters as ND4J arrays: {@link #close} releases them.
 * Not thread-safe.
 */
public final class ProbabilisticEnsembleDynamics implements AutoCloseable {

  /** The {@code dynamics.type} this class implements. */
  public static final String TYPE = "probabilistic_ensemble";

  private final int observationSize;
  private final int actionSize;
  private final FeatureStandardiser standardiser;
  private final List<GaussianMlp> members;
  private final DynamicsFitOptions options;
  private final int trainingTransitions;
  private final double[] epochLosses;
  private boolean closed;

  ProbabilisticEnsembleDynamics(
      int observationSize,
      int actionSize,
      FeatureStandardiser standardiser,
      List<GaussianMlp> members,
      DynamicsFitOptions options,
      int trainingTransitions,
      double[] epochLosses) {
    this.observationSize = observationSize;
    this.actionSize = actionSize;
    this.standardiser = standardiser;
    this.members = List.copyOf(members);
    this.options = options;
    this.trainingTransitions = trainingTransitions;
    this.epochLosses = epochLosses.clone();
  }

  /**
   * Fits an ensemble on every transition of {@code episodes} that has a successor state: {@code
   * nEpochs} passes, each member over its own random order in mini-batches of {@code batchSize}
   * (the remainder of a pass is dropped; with fewer transitions than {@code batchSize}, one batch
   * of all of them), one Adam step per mini-batch on the Gaussian negative log-likelihood of (s' −
   * s, r). The action count is the largest action + 1. Deterministic for a seed.
   *
   * @throws IllegalArgumentException if there are no transitions, an episode has image observations
   *     or the observation sizes differ
   * @throws IllegalStateException if training diverges
   */
  public static ProbabilisticEnsembleDynamics fit(
      List<Episode> episodes, DynamicsFitOptions options) {
    DynamicsTransitions data = DynamicsTransitions.of(episodes);
    int n = data.size();
    int d = data.observationSize();
    int actions = data.actionCount();
    FeatureStandardiser standardiser =
        options.standardise()
            ? FeatureStandardiser.fit(data.observations(), n, d)
            : FeatureStandardiser.identity(d);
    float[] inputs =
        inputRows(standardiser.scale(data.observations(), n), data.actions(), n, d, actions);
    float[] targets = targetRows(standardiser, data);
    int inputSize = d + actions;
    int outputSize = d + 1;
    SplittableRandom seeds = new SplittableRandom(options.seed());
    List<GaussianMlp> members = new ArrayList<>();
    List<SplittableRandom> orders = new ArrayList<>();
    for (int k = 0; k < options.nEnsembles(); k++) {
      members.add(
          GaussianMlp.initialised(inputSize, options.hiddenUnits(), outputSize, seeds.split()));
      orders.add(seeds.split());
    }
    int batch = Math.min(options.batchSize(), n);
    int steps = n / batch;
    double[] epochLosses = new double[options.nEpochs()];
    for (int epoch = 0; epoch < options.nEpochs(); epoch++) {
      double sum = 0;
      for (int k = 0; k < members.size(); k++) {
        int[] order = shuffled(n, orders.get(k));
        for (int s = 0; s < steps; s++) {
          INDArray x = gather(inputs, inputSize, order, s * batch, batch);
          float[] y = gatherValues(targets, outputSize, order, s * batch, batch);
          sum += members.get(k).fitStep(x, y, options.learningRate());
        }
      }
      epochLosses[epoch] = sum / ((double) steps * members.size());
    }
    return new ProbabilisticEnsembleDynamics(
        d, actions, standardiser, members, options, n, epochLosses);
  }

  /**
   * The ensemble's mean prediction for {@code rows} pairs: s' = s + the mean over members of the
   * predicted delta, r' the mean of the predicted rewards; deterministic.
   *
   * @param observations {@code rows × observationSize()} raw values, row-major
   * @param actions one action per row in [0, {@link #actionSize()})
   * @throws IllegalArgumentException if the array sizes disagree or an action is out of range
   */
  public DynamicsPrediction predict(float[] observations, int[] actions, int rows) {
    List<GaussianMlp.Gaussian> outputs = memberOutputs(observations, actions, rows);
    int m = observationSize + 1;
    float[] mean = new float[rows * m];
    for (GaussianMlp.Gaussian g : outputs) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += g.mean()[i] / outputs.size();
      }
    }
    return prediction(observations, rows, mean, outputs);
  }

  /**
   * d3rlpy's prediction for rollouts: per row a member drawn uniformly from the ensemble ({@code
   * rng.nextInt}), then (s' − s, r') drawn from that member's Gaussian ({@code rng.nextGaussian}
   * per value); the same generator state gives the same draws.
   *
   * @throws IllegalArgumentException as {@link #predict}
   */
  public DynamicsPrediction sample(
      float[] observations, int[] actions, int rows, RandomGenerator rng) {
    List<GaussianMlp.Gaussian> outputs = memberOutputs(observations, actions, rows);
    int m = observationSize + 1;
    float[] drawn = new float[rows * m];
    for (int i = 0; i < rows; i++) {
      GaussianMlp.Gaussian g = outputs.get(rng.nextInt(outputs.size()));
      for (int j = 0; j < m; j++) {
        int at = i * m + j;
        drawn[at] =
            (float) (g.mean()[at] + Math.exp(0.5 * g.logVariance()[at]) * rng.nextGaussian());
      }
    }
    return prediction(observations, rows, drawn, outputs);
  }

  /**
   * Model-based augmentation (docs/design.md §1.3), see {@link ModelRollouts#generate}: {@code
   * nTransitions·horizon} one-transition cut-off episodes rolled out with {@code policy}'s {@code
   * sampleAction} from start transitions of {@code episodes}.
   */
  public List<Episode> generate(
      PolicyModel policy,
      List<Episode> episodes,
      int nTransitions,
      int horizon,
      RandomGenerator rng) {
    return ModelRollouts.generate(this, policy, episodes, nTransitions, horizon, rng);
  }

  /** Values per observation. */
  public int observationSize() {
    return observationSize;
  }

  /** Number of discrete actions the one-hot input encodes. */
  public int actionSize() {
    return actionSize;
  }

  /** Ensemble members. */
  public int nEnsembles() {
    return members.size();
  }

  /** The options it was fitted with. */
  public DynamicsFitOptions options() {
    return options;
  }

  /** Transitions it was fitted on. */
  public int trainingTransitions() {
    return trainingTransitions;
  }

  /** Mean mini-batch loss of each fitting epoch, over members and steps. */
  public double[] epochLosses() {
    return epochLosses.clone();
  }

  /** Writes the model as a zip ({@link DynamicsArchive}); the stream is not closed. */
  public void save(OutputStream out) throws IOException {
    checkOpen("save");
    DynamicsArchive.write(this, out);
  }

  /** {@link #save(OutputStream)} to a file of {@code storage}, written atomically. */
  public void save(RunStorage storage, String path) throws IOException {
    storage.writeAtomically(path, this::save);
  }

  /** {@link #save(OutputStream)} to a local file, written atomically. */
  public void save(Path path) throws IOException {
    save(new LocalRunStorage(), path.toString());
  }

  /**
   * Reads a model written by {@link #save(OutputStream)}.
   *
   * @param source the file's name for messages
   * @throws IllegalArgumentException if it is not a dynamics archive, its format version is newer
   *     than this sparkrl reads, or its parameters do not match its architecture
   */
  public static ProbabilisticEnsembleDynamics load(InputStream in, String source)
      throws IOException {
    return DynamicsArchive.read(in, source);
  }

  /** {@link #load(InputStream, String)} from a file of {@code storage}. */
  public static ProbabilisticEnsembleDynamics load(RunStorage storage, String path)
      throws IOException {
    try (InputStream in = storage.open(path)) {
      return load(in, path);
    }
  }

  /** {@link #load(InputStream, String)} from a local file. */
  public static ProbabilisticEnsembleDynamics load(Path path) throws IOException {
    return load(new LocalRunStorage(), path.toString());
  }

  /** Releases the parameter arrays; the model cannot be used afterwards. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      for (GaussianMlp member : members) {
        member.parameters().forEach(INDArray::close);
      }
    }
  }

  FeatureStandardiser standardiser() {
    return standardiser;
  }

  List<GaussianMlp> members() {
    return members;
  }

  private List<GaussianMlp.Gaussian> memberOutputs(float[] observations, int[] actions, int rows) {
    checkOpen("predict");
    if (observations.length != rows * observationSize || actions.length != rows) {
      throw new IllegalArgumentException(
          "dynamics: "
              + observations.length
              + " observation values and "
              + actions.length
              + " actions for "
              + rows
              + " rows of "
              + observationSize
              + " features");
    }
    for (int i = 0; i < rows; i++) {
      if (actions[i] < 0 || actions[i] >= actionSize) {
        throw new IllegalArgumentException(
            "dynamics: action "
                + actions[i]
                + " at row "
                + i
                + " is outside [0, "
                + actionSize
                + ")");
      }
    }
    float[] scaled = standardiser.scale(observations, rows);
    INDArray x =
        Nd4j.create(
            inputRows(scaled, actions, rows, observationSize, actionSize),
            new long[] {rows, observationSize + actionSize},
            'c');
    List<GaussianMlp.Gaussian> out = new ArrayList<>();
    for (GaussianMlp member : members) {
      out.add(member.predict(x));
    }
    return out;
  }

  /** s' from standardised deltas, r', and the "max" variance in observation units. */
  private DynamicsPrediction prediction(
      float[] observations, int rows, float[] deltaAndReward, List<GaussianMlp.Gaussian> outputs) {
    int d = observationSize;
    int m = d + 1;
    float[] scaled = standardiser.scale(observations, rows);
    float[] next = new float[rows * d];
    float[] rewards = new float[rows];
    float[] variances = new float[rows];
    double[] std = standardiser.std();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < d; j++) {
        next[i * d + j] =
            standardiser.unscale(scaled[i * d + j] + (double) deltaAndReward[i * m + j], j);
      }
      rewards[i] = deltaAndReward[i * m + d];
      double largest = 0;
      for (GaussianMlp.Gaussian g : outputs) {
        double sum = Math.exp(g.logVariance()[i * m + d]);
        for (int j = 0; j < d; j++) {
          sum += Math.exp(g.logVariance()[i * m + j]) * std[j] * std[j];
        }
        largest = Math.max(largest, sum);
      }
      variances[i] = (float) largest;
    }
    return new DynamicsPrediction(rows, next, rewards, variances);
  }

  private static float[] inputRows(float[] scaled, int[] actions, int rows, int d, int actionSize) {
    int width = d + actionSize;
    float[] out = new float[rows * width];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(scaled, i * d, out, i * width, d);
      out[i * width + d + actions[i]] = 1f;
    }
    return out;
  }

  private static float[] targetRows(FeatureStandardiser standardiser, DynamicsTransitions data) {
    int n = data.size();
    int d = data.observationSize();
    float[] s = standardiser.scale(data.observations(), n);
    float[] next = standardiser.scale(data.nextObservations(), n);
    float[] out = new float[n * (d + 1)];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        out[i * (d + 1) + j] = next[i * d + j] - s[i * d + j];
      }
      out[i * (d + 1) + d] = data.rewards()[i];
    }
    return out;
  }

  private static int[] shuffled(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  private static INDArray gather(float[] rows, int width, int[] order, int from, int count) {
    return Nd4j.create(
        gatherValues(rows, width, order, from, count), new long[] {count, width}, 'c');
  }

  private static float[] gatherValues(float[] rows, int width, int[] order, int from, int count) {
    float[] out = new float[count * width];
    for (int k = 0; k < count; k++) {
      System.arraycopy(rows, order[from + k] * width, out, k * width, width);
    }
    return out;
  }

  private void checkOpen(String what) {
    if (closed) {
      throw new IllegalStateException(what + ": the dynamics model has been closed");
    }
  }
}
