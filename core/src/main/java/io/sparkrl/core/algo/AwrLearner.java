package io.sparkrl.core.algo;

import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.nn.AwrNetworks;
import io.sparkrl.core.nn.TrainingStep;
import io.sparkrl.core.preprocessing.AugmentationPipeline;
import io.sparkrl.core.preprocessing.ObservationAugmentation;
import io.sparkrl.core.preprocessing.ObservationScaler;
import io.sparkrl.core.returns.LambdaReturns;
import io.sparkrl.core.targets.IndexedEpisode;
import io.sparkrl.core.targets.Stage1Returns;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.datasets.Episode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DiscreteAWR's learner (d3rlpy's "impl"): the actor π(a|s) and critic V(s) ({@link AwrNetworks},
 * separate heavy-ball SGD optimisers), the observation pipeline ({@link ObservationBatch}), the
 * augmentation and a random generator for {@link #update}. One iteration is {@link #update}: {@link
 * #computeTargets} (λ-returns, baselines and actor weights with the current critic in inference
 * mode, fixed for the iteration) followed by {@link #train} (critic steps, then actor steps), as
 * docs/design.md §1.2 says. The training loop ({@code io.sparkrl.core.train}) calls the halves
 * separately: stage 1 for a round's targets, then {@link #criticSteps} and {@link #actorSteps} a
 * period at a time, each period with its own random generator.
 *
 * <p>Mini-batches: step j of {@code n} uses rows {@code [(j mod k)·b, (j mod k + 1)·b)} of the
 * batch, with {@code b = batch_size_per_update} and {@code k = ⌊N / b⌋}: the slices are taken in
 * turn and wrap around; the {@code N mod b} tail rows never get a step but count in the weight
 * statistics. When {@code n_*_updates} is a multiple of k this is exactly d3rlpy v0.23's schedule
 * ({@code n_updates // k} passes over the slices in order); otherwise d3rlpy takes only the whole
 * passes (none, and a NaN loss, when {@code n_updates < k}), while this learner always takes
 * exactly {@code n_*_updates} steps, as docs/design.md §1 states. With a non-empty augmentation,
 * each step stacks {@code n_augmentations} augmented copies of its slice into one mini-batch of
 * {@code n_augmentations·b} rows; the mean loss over the stack equals the mean of the per-copy mean
 * losses. The mini-batch arrays are allocated at the first {@link #train} and refilled in place by
 * every step after it.
 *
 * <p>Each SGD step is a {@link TrainingStep}: products straight on oneDNN and OpenBLAS ({@link
 * io.sparkrl.core.nn.DenseStepper}) for the dense vector networks without batch norm, im2col
 * products ({@link io.sparkrl.core.nn.ConvStepper}) for the image networks without batch norm,
 * DL4J's {@code fit} otherwise (batch norm, swish), with the same results up to float rounding.
 * Logged losses are DL4J's {@link MultiLayerNetwork#score()} after each {@code fit}: the mini-batch
 * loss computed in that step's forward pass, before its parameter update (as PyTorch's {@code
 * loss.item()} in d3rlpy). The actor's score uses log-probabilities clipped as PyTorch's {@code
 * Categorical} does ({@link AwrNetworks#LOG_PROB_CLIP_EPS}).
 *
 * <p>Not thread-safe: one learner per thread.
 */
public final class AwrLearner {

  /** Rows per forward pass when computing values or predictions for many rows. */
  public static final int INFERENCE_CHUNK_ROWS = 4096;

  private final AwrConfig config;
  private final ObservationBatch inputs;
  private final int actionSize;
  private final MultiLayerNetwork actor;
  private final MultiLayerNetwork critic;
  private final ChunkedForward criticForward;
  private final ChunkedForward actorForward;
  private final TrainingStep actorStep;
  private final TrainingStep criticStep;
  private final ObservationAugmentation augmentation;
  private final boolean augment;
  private final RandomGenerator rng;
  private StepBuffers stepBuffers;

  /**
   * A learner with freshly initialised networks and the augmentation of {@code config}.
   *
   * @param config the hyperparameters
   * @param observationShape shape of one single-frame observation: {@code [d]} or {@code [C, H,
   *     W]}; the networks see C·n_frames channels for images
   * @param actionSize number of discrete actions
   * @param scaler the fitted scaler (for n_frames frames), or null for none
   * @param seed seed of the actor's and critic's initial parameters and of the augmentation
   * @throws IllegalArgumentException for a bad shape or action count, a scaler that does not fit
   *     the input, or an augmentation that cannot work on the input shape
   */
  public AwrLearner(
      AwrConfig config,
      int[] observationShape,
      int actionSize,
      ObservationScaler scaler,
      long seed) {
    this(
        config,
        observationShape,
        actionSize,
        scaler,
        seed,
        AugmentationPipeline.of(config.augmentation()));
  }

  /**
   * As {@link #AwrLearner(AwrConfig, int[], int, ObservationScaler, long)} with an explicit
   * augmentation in place of {@code config.augmentation()} (an empty {@link AugmentationPipeline}
   * for none).
   */
  public AwrLearner(
      AwrConfig config,
      int[] observationShape,
      int actionSize,
      ObservationScaler scaler,
      long seed,
      ObservationAugmentation augmentation) {
    this.config = config;
    this.inputs = new ObservationBatch(observationShape, config.nFrames(), scaler);
    this.actionSize = actionSize;
    int[] inputShape = inputs.inputShape();
    SplittableRandom seeds = new SplittableRandom(seed);
    this.actor =
        AwrNetworks.actor(
            inputShape,
            actionSize,
            config.encoderParams(),
            config.useBatchNorm(),
            config.actorLearningRate(),
            config.momentum(),
            seeds.nextLong());
    this.critic =
        AwrNetworks.critic(
            inputShape,
            config.encoderParams(),
            config.useBatchNorm(),
            config.criticLearningRate(),
            config.momentum(),
            seeds.nextLong());
    this.criticForward = new ChunkedForward(critic, inputs);
    this.actorForward = new ChunkedForward(actor, inputs);
    this.actorStep = TrainingStep.of(actor);
    this.criticStep = TrainingStep.of(critic);
    this.augmentation = augmentation;
    this.augment =
        augmentation != null && !(augmentation instanceof AugmentationPipeline p && p.isEmpty());
    if (augment) {
      augmentation.checkShape(inputShape);
    }
    this.rng = seeds.split();
  }

  /** The hyperparameters. */
  public AwrConfig config() {
    return config;
  }

  /** The observation pipeline (stacking, scaling, input shape). */
  public ObservationBatch inputs() {
    return inputs;
  }

  /** Number of discrete actions. */
  public int actionSize() {
    return actionSize;
  }

  /** The actor network (live: its parameters change with every actor step). */
  public MultiLayerNetwork actor() {
    return actor;
  }

  /** The critic network (live: its parameters change with every critic step). */
  public MultiLayerNetwork critic() {
    return critic;
  }

  /** The critic's chunked inference, whose buffers every round of stage 1 in this JVM reuses. */
  public ChunkedForward criticForward() {
    return criticForward;
  }

  /**
   * V(s) in inference mode for {@code rows} unscaled observations in the network's input shape
   * (stacked when n_frames &gt; 1); the scaler is applied to a copy.
   *
   * @param rawObservations {@code rows × inputs().rowSize()} values, row-major
   * @return one value per row
   * @throws IllegalArgumentException if the array does not hold exactly that many values
   */
  public float[] predictValue(float[] rawObservations, int rows) {
    return values(scaledCopy(rawObservations, rows), rows);
  }

  /**
   * Greedy actions {@code argmax_a π(a|s)} in inference mode for unscaled observations (as {@link
   * #predictValue}).
   */
  public int[] predict(float[] rawObservations, int rows) {
    float[] probs = probabilities(scaledCopy(rawObservations, rows), rows);
    int[] out = new int[rows];
    for (int i = 0; i < rows; i++) {
      int best = 0;
      for (int a = 1; a < actionSize; a++) {
        if (probs[i * actionSize + a] > probs[i * actionSize + best]) {
          best = a;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * π(a|s) of the actor in inference mode for unscaled observations (as {@link #predictValue}).
   *
   * @return {@code rows × actionSize()} probabilities, row-major
   */
  public float[] actionProbabilities(float[] rawObservations, int rows) {
    return probabilities(scaledCopy(rawObservations, rows), rows);
  }

  /**
   * π(a|s_t) of every row of {@code episode}, stacked and scaled as in the updates.
   *
   * @return {@code episode.length() × actionSize()} probabilities, row-major
   */
  public float[] episodeActionProbabilities(Episode episode) {
    int n = episode.length();
    float[] out = new float[n * actionSize];
    for (int from = 0; from < n; from += INFERENCE_CHUNK_ROWS) {
      int count = Math.min(INFERENCE_CHUNK_ROWS, n - from);
      float[] p = probabilities(inputs.gatherRows(episode, from, count), count);
      System.arraycopy(p, 0, out, from * actionSize, count * actionSize);
    }
    return out;
  }

  /**
   * Actions sampled from π(·|s) in inference mode for unscaled observations (as {@link
   * #predictValue}), one {@code rng.nextDouble()} per row.
   */
  public int[] sampleAction(float[] rawObservations, int rows, RandomGenerator random) {
    float[] probs = probabilities(scaledCopy(rawObservations, rows), rows);
    int[] out = new int[rows];
    for (int i = 0; i < rows; i++) {
      double u = random.nextDouble();
      double cumulative = 0;
      int a = 0;
      for (; a < actionSize - 1; a++) {
        cumulative += probs[i * actionSize + a];
        if (u < cumulative) {
          break;
        }
      }
      out[i] = a;
    }
    return out;
  }

  /**
   * V(s_t) of every row of {@code episode} with the current critic in inference mode, stacked and
   * scaled as in the updates; the {@code values} argument of {@link LambdaReturns#compute}.
   */
  public float[] episodeValues(Episode episode) {
    int n = episode.length();
    float[] out = new float[n];
    for (int from = 0; from < n; from += INFERENCE_CHUNK_ROWS) {
      int count = Math.min(INFERENCE_CHUNK_ROWS, n - from);
      float[] v = values(inputs.gatherRows(episode, from, count), count);
      System.arraycopy(v, 0, out, from, count);
    }
    return out;
  }

  /**
   * Steps (a) and (b) of an iteration with the current critic, before any update: the TD(λ) returns
   * and baselines V(s_t) of the batch rows, by stage 1 ({@link Stage1Returns}, the same path the
   * training loop and the Spark job take) over the episodes the batch touches, and the actor
   * weights normalised over the whole batch.
   *
   * @param episodes the episodes the batch indexes
   * @param batch pairs {@code {episode index, t}} with {@code t < transitionCount()}
   * @throws IllegalArgumentException if a pair is out of range or the batch is empty
   */
  public Targets computeTargets(List<Episode> episodes, int[][] batch) {
    TreeMap<Integer, Long> firstTransition = new TreeMap<>();
    for (int i = 0; i < batch.length; i++) {
      checkPair(episodes, i, batch[i][0], batch[i][1]);
      firstTransition.put(batch[i][0], 0L);
    }
    List<IndexedEpisode> touched = new ArrayList<>(firstTransition.size());
    long next = 0;
    for (Map.Entry<Integer, Long> e : firstTransition.entrySet()) {
      Episode episode = episodes.get(e.getKey());
      e.setValue(next);
      touched.add(new IndexedEpisode(next, episode));
      next += episode.transitionCount();
    }
    float[] allReturns = new float[(int) next];
    float[] allBaselines = new float[(int) next];
    Iterator<TrainingBlock> blocks =
        new Stage1Returns(this, Stage1Returns.DEFAULT_BLOCK_ROWS).blocks(touched.iterator());
    while (blocks.hasNext()) {
      TrainingBlock b = blocks.next();
      int at = (int) b.firstTransition();
      System.arraycopy(b.returns(), 0, allReturns, at, b.size());
      System.arraycopy(b.baselines(), 0, allBaselines, at, b.size());
    }
    float[] returns = new float[batch.length];
    float[] baselines = new float[batch.length];
    for (int i = 0; i < batch.length; i++) {
      int row = (int) (firstTransition.get(batch[i][0]) + batch[i][1]);
      returns[i] = allReturns[row];
      baselines[i] = allBaselines[row];
    }
    return Targets.of(returns, baselines, config.beta(), config.maxWeight());
  }

  /**
   * Steps (c) and (d) of an iteration: {@code n_critic_updates} critic steps on {@code mean((V −
   * G)²)}, then {@code n_actor_updates} actor steps on {@code −mean(w·log π(a|s))}, on the
   * mini-batches described in the class comment.
   *
   * @param observations the batch's stacked, scaled, unaugmented observations, {@code N ×
   *     inputs().rowSize()} values (e.g. from {@link ObservationBatch#gather})
   * @param actions the batch's N actions
   * @param targets the batch's N targets
   * @return the mean losses over the steps and the batch's mean weight
   * @throws IllegalArgumentException if the sizes disagree, N &lt; batch_size_per_update or an
   *     action is outside [0, action count)
   */
  public UpdateResult train(float[] observations, int[] actions, Targets targets) {
    int n = actions.length;
    int rowSize = inputs.rowSize();
    int bspu = config.batchSizePerUpdate();
    if (observations.length != (long) n * rowSize || targets.size() != n) {
      throw new IllegalArgumentException(
          "train: "
              + n
              + " actions, "
              + targets.size()
              + " targets and "
              + observations.length
              + " observation values (rows of "
              + rowSize
              + ")");
    }
    if (n < bspu) {
      throw new IllegalArgumentException(
          "train: batch of " + n + " rows is smaller than batch_size_per_update " + bspu);
    }
    checkActions(actions);
    double criticSum =
        criticSteps(observations, targets.returns(), 0, config.nCriticUpdates(), bspu, rng);
    double actorSum =
        actorSteps(observations, actions, targets.weights(), 0, config.nActorUpdates(), bspu, rng);
    return new UpdateResult(
        criticSum / config.nCriticUpdates(),
        actorSum / config.nActorUpdates(),
        targets.meanWeight());
  }

  /**
   * Critic steps {@code firstStep .. firstStep+steps−1} of an iteration on {@code mean((V − G)²)},
   * on mini-batches of {@code miniBatch} rows taken in turn from the batch (see the class comment;
   * step j uses the slice {@code j mod ⌊N / miniBatch⌋}). {@link #train} runs all of them at once;
   * a parameter-averaging worker runs them a few at a time between averages.
   *
   * @param observations {@code N × inputs().rowSize()} stacked, scaled, unaugmented values
   * @param returns the N λ-returns
   * @param random draws the augmentations of these steps
   * @return the sum of the steps' losses
   * @throws IllegalArgumentException if the sizes disagree or N &lt; miniBatch
   */
  public double criticSteps(
      float[] observations,
      float[] returns,
      int firstStep,
      int steps,
      int miniBatch,
      RandomGenerator random) {
    int n = returns.length;
    checkRows(observations, n, miniBatch);
    StepBuffers b = stepBuffers(miniBatch);
    double sum = 0;
    for (int step = firstStep; step < firstStep + steps; step++) {
      int start = miniBatchStart(step, n, miniBatch);
      b.fillObservations(observations, start, random);
      b.fillCriticLabels(returns, start);
      sum += criticStep.fit(b.criticBatch, step);
    }
    return sum;
  }

  /**
   * Actor steps {@code firstStep .. firstStep+steps−1} of an iteration on {@code −mean(w·log
   * π(a|s))}, on mini-batches as {@link #criticSteps}.
   *
   * @param observations {@code N × inputs().rowSize()} stacked, scaled, unaugmented values
   * @param actions the N actions
   * @param weights the N advantage weights
   * @param random draws the augmentations of these steps
   * @return the sum of the steps' losses
   * @throws IllegalArgumentException if the sizes disagree or N &lt; miniBatch
   */
  public double actorSteps(
      float[] observations,
      int[] actions,
      float[] weights,
      int firstStep,
      int steps,
      int miniBatch,
      RandomGenerator random) {
    int n = actions.length;
    checkRows(observations, n, miniBatch);
    if (weights.length != n) {
      throw new IllegalArgumentException(n + " actions but " + weights.length + " weights");
    }
    checkActions(actions);
    StepBuffers b = stepBuffers(miniBatch);
    double sum = 0;
    for (int step = firstStep; step < firstStep + steps; step++) {
      int start = miniBatchStart(step, n, miniBatch);
      b.fillObservations(observations, start, random);
      b.fillActorLabels(actions, weights, start);
      sum += actorStep.fit(b.actorBatch, step);
    }
    return sum;
  }

  /** A copy of the actor's and critic's parameters and optimiser states. */
  public LearnerState state() {
    return new LearnerState(NetworkState.of(actor), NetworkState.of(critic));
  }

  /** The critic's parameters and optimiser state (copies). */
  public NetworkState criticState() {
    return NetworkState.of(critic);
  }

  /** The actor's parameters and optimiser state (copies). */
  public NetworkState actorState() {
    return NetworkState.of(actor);
  }

  /**
   * Replaces the critic's parameters and optimiser state.
   *
   * @throws IllegalArgumentException if the state is for another architecture
   */
  public void setCriticState(NetworkState state) {
    state.applyTo(critic);
  }

  /**
   * Replaces the actor's parameters and optimiser state.
   *
   * @throws IllegalArgumentException if the state is for another architecture
   */
  public void setActorState(NetworkState state) {
    state.applyTo(actor);
  }

  /**
   * Replaces the actor's and critic's parameters and optimiser states.
   *
   * @throws IllegalArgumentException if the state is for other architectures
   */
  public void setState(LearnerState state) {
    state.actor().applyTo(actor);
    state.critic().applyTo(critic);
  }

  private void checkActions(int[] actions) {
    for (int i = 0; i < actions.length; i++) {
      if (actions[i] < 0 || actions[i] >= actionSize) {
        throw new IllegalArgumentException(
            "train: row " + i + ": action " + actions[i] + " is outside [0, " + actionSize + ")");
      }
    }
  }

  private void checkRows(float[] observations, int n, int miniBatch) {
    if (observations.length != (long) n * inputs.rowSize()) {
      throw new IllegalArgumentException(
          observations.length + " observation values for " + n + " rows of " + inputs.rowSize());
    }
    if (n < miniBatch) {
      throw new IllegalArgumentException(
          "batch of " + n + " rows is smaller than the mini-batch of " + miniBatch);
    }
  }

  /**
   * One whole iteration: {@link #computeTargets} then {@link #train} on the batch's observations
   * and actions.
   *
   * @param episodes the episodes the batch indexes
   * @param batch pairs {@code {episode index, t}}
   */
  public UpdateResult update(List<Episode> episodes, int[][] batch) {
    Targets targets = computeTargets(episodes, batch);
    int[] actions = new int[batch.length];
    for (int i = 0; i < batch.length; i++) {
      actions[i] = episodes.get(batch[i][0]).action(batch[i][1]);
    }
    return train(inputs.gather(episodes, batch), actions, targets);
  }

  /**
   * First row of the mini-batch of SGD step {@code step} over a batch of {@code rows} rows: slices
   * of {@code bspu} rows taken in turn, wrapping around after the last whole slice.
   *
   * @throws IllegalArgumentException if {@code rows < bspu} or {@code bspu < 1}
   */
  public static int miniBatchStart(int step, int rows, int bspu) {
    if (bspu < 1 || rows < bspu) {
      throw new IllegalArgumentException(
          "mini-batches of " + bspu + " rows from a batch of " + rows + " rows");
    }
    return (step % (rows / bspu)) * bspu;
  }

  private StepBuffers stepBuffers(int rows) {
    if (stepBuffers == null || stepBuffers.rows != rows) {
      stepBuffers = new StepBuffers(rows);
    }
    return stepBuffers;
  }

  /**
   * The mini-batch of {@link #train}'s steps, allocated once and refilled in place each step: the
   * features {@code [copies·b, …]}, the critic's labels {@code [copies·b, 1]} and the actor's
   * {@code [copies·b, actionSize]}, with the values {@link AwrNetworks#criticBatch} and {@link
   * AwrNetworks#actorBatch} would give.
   */
  private final class StepBuffers {
    private final int rows;
    private final int copies = augment ? config.nAugmentations() : 1;
    private final int sliceSize;
    private final float[] features;
    private final float[] slice;
    private final float[] returns;
    private final float[] labels;
    private final INDArray featureArray;
    private final INDArray returnArray;
    private final INDArray labelArray;
    final DataSet criticBatch;
    final DataSet actorBatch;

    StepBuffers(int rows) {
      this.rows = rows;
      this.sliceSize = rows * inputs.rowSize();
      this.features = new float[copies * sliceSize];
      this.slice = augment ? new float[sliceSize] : null;
      this.returns = new float[copies * rows];
      this.labels = new float[copies * rows * actionSize];
      this.featureArray = inputs.tensor(features, copies * rows);
      this.returnArray = Nd4j.create(returns, new long[] {(long) copies * rows, 1}, 'c');
      this.labelArray = Nd4j.create(labels, new long[] {(long) copies * rows, actionSize}, 'c');
      this.criticBatch = new DataSet(featureArray, returnArray);
      this.actorBatch = new DataSet(featureArray, labelArray);
    }

    /** The {@code copies} (augmented) copies of rows {@code [start, start + b)}. */
    void fillObservations(float[] observations, int start, RandomGenerator random) {
      int from = start * inputs.rowSize();
      for (int c = 0; c < copies; c++) {
        if (augment) {
          System.arraycopy(observations, from, slice, 0, sliceSize);
          augmentation.apply(slice, rows, inputs.inputShape(), random);
          System.arraycopy(slice, 0, features, c * sliceSize, sliceSize);
        } else {
          System.arraycopy(observations, from, features, c * sliceSize, sliceSize);
        }
      }
      featureArray.data().setData(features);
    }

    /** The λ-returns of rows {@code [start, start + b)}, once per copy. */
    void fillCriticLabels(float[] targets, int start) {
      for (int c = 0; c < copies; c++) {
        System.arraycopy(targets, start, returns, c * rows, rows);
      }
      returnArray.data().setData(returns);
    }

    /** {@code w_i} at column {@code a_i} of row i, 0 elsewhere, once per copy. */
    void fillActorLabels(int[] actions, float[] weights, int start) {
      Arrays.fill(labels, 0f);
      for (int c = 0; c < copies; c++) {
        for (int i = 0; i < rows; i++) {
          labels[(c * rows + i) * actionSize + actions[start + i]] = weights[start + i];
        }
      }
      labelArray.data().setData(labels);
    }
  }

  private float[] scaledCopy(float[] raw, int rows) {
    if (raw.length != (long) rows * inputs.rowSize()) {
      throw new IllegalArgumentException(
          raw.length + " observation values for " + rows + " rows of " + inputs.rowSize());
    }
    float[] copy = raw.clone();
    inputs.scale(copy, rows);
    return copy;
  }

  private float[] values(float[] scaled, int rows) {
    float[] out = new float[rows];
    criticForward.run(scaled, rows, 1, out);
    return out;
  }

  private float[] probabilities(float[] scaled, int rows) {
    float[] out = new float[rows * actionSize];
    actorForward.run(scaled, rows, actionSize, out);
    return out;
  }

  private static void checkPair(List<Episode> episodes, int row, int e, int t) {
    if (e < 0 || e >= episodes.size()) {
      throw new IllegalArgumentException(
          "batch row " + row + ": episode index " + e + " is outside [0, " + episodes.size() + ")");
    }
    int count = episodes.get(e).transitionCount();
    if (t < 0 || t >= count) {
      throw new IllegalArgumentException(
          "batch row "
              + row
              + ": episode "
              + episodes.get(e).id()
              + " has no transition "
              + t
              + " (it has "
              + count
              + ")");
    }
  }
}
