package io.sparkrl.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.EpochPermutation;
import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.algo.UpdateResult;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.AwrConfigParser;
import io.sparkrl.core.config.AwrParamsFile;
import io.sparkrl.core.config.DynamicsSpec;
import io.sparkrl.core.config.GpuSetting;
import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.dynamics.ProbabilisticEnsembleDynamics;
import io.sparkrl.core.export.OnnxPolicyExporter;
import io.sparkrl.core.metrics.PolicyModel;
import io.sparkrl.core.preprocessing.ObservationScaler;
import io.sparkrl.core.preprocessing.ObservationScalers;
import io.sparkrl.core.storage.RunDirectory;
import io.sparkrl.core.storage.RunStorage;
import io.sparkrl.core.train.LocalBackend;
import io.sparkrl.core.train.LoopOptions;
import io.sparkrl.core.train.TrainingLoop;
import io.sparkrl.core.train.TrainingSchedule;
import io.sparkrl.datasets.Episode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * Discrete Advantage-Weighted Regression with the public surface of d3rlpy v0.23's {@code
 * d3rlpy.algos.DiscreteAWR} (docs/design.md §1), in Java names: {@link #createImpl}, {@link #fit},
 * {@link #update}, {@link #predict}, {@link #predictValue}, {@link #sampleAction}, {@link
 * #saveModel}, {@link #loadModel}, {@link #savePolicy}, {@link #fromJson}, {@link #getParams},
 * {@link #setParams} and {@link #evalResults}. The maths lives in {@link AwrLearner} (d3rlpy's
 * "impl").
 *
 * <p>Observations passed to the prediction methods are raw (unscaled) rows {@code [rows,
 * ...inputShape]}, frame-stacked already for images with {@code n_frames > 1}; the model applies
 * its fitted scaler. Not thread-safe.
 */
public final class DiscreteAWR implements PolicyModel {

  /** The seed used by the constructors and factories that take none. */
  public static final long DEFAULT_SEED = 0L;

  private AwrConfig config;
  private final long learnerSeed;
  private final long permutationSeed;
  private final long dynamicsSeed;
  private final long workerSeed;
  private int epochsFitted;
  private AwrLearner learner;
  private int[] observationShape;
  private List<Episode> trainingEpisodes;
  private Map<String, List<Double>> evalResults = new LinkedHashMap<>();

  /** A model with the given hyperparameters and {@link #DEFAULT_SEED}; no networks yet. */
  public DiscreteAWR(AwrConfig config) {
    this(config, DEFAULT_SEED);
  }

  /**
   * A model with the given hyperparameters; no networks until {@link #createImpl} or {@link #fit}.
   *
   * @param seed seeds the initial parameters, the augmentation, fit's permutations and the rollouts
   *     of {@code dynamics}
   */
  public DiscreteAWR(AwrConfig config, long seed) {
    this.config = java.util.Objects.requireNonNull(config, "config");
    SplittableRandom seeds = new SplittableRandom(seed);
    this.learnerSeed = seeds.nextLong();
    this.permutationSeed = seeds.nextLong();
    this.dynamicsSeed = seeds.nextLong();
    this.workerSeed = seeds.nextLong();
  }

  /**
   * d3rlpy's {@code from_json}: the hyperparameters, fitted scaler and shapes of a {@code
   * params.json}, {@code use_gpu} replaced, networks created (freshly initialised; load weights
   * with {@link #loadModel}).
   *
   * @throws IllegalArgumentException if the file is invalid or lacks {@code observation_shape} or
   *     {@code action_size}
   */
  public static DiscreteAWR fromJson(Path paramsJson, GpuSetting useGpu) {
    return fromParams(AwrConfigParser.readParams(paramsJson), useGpu, paramsJson.toString());
  }

  /** {@link #fromJson(Path, GpuSetting)} from the JSON text of a {@code params.json}. */
  public static DiscreteAWR fromJsonText(String paramsJson, GpuSetting useGpu) {
    return fromParams(AwrConfigParser.readParams(paramsJson), useGpu, "params.json");
  }

  /**
   * A model as saved in a model archive ({@code model_<epoch>.zip}): the archive carries its {@code
   * params.json}, so no separate file is needed. {@code fromJson} with the saved params, then
   * {@link #loadModel}.
   *
   * @throws IllegalArgumentException if the archive is not a valid sparkrl model archive
   */
  public static DiscreteAWR fromModelArchive(byte[] archive, String source, GpuSetting useGpu)
      throws IOException {
    JsonNode params = ModelArchive.readParams(new ByteArrayInputStream(archive), source);
    DiscreteAWR algo = fromParams(AwrConfigParser.readParams(params), useGpu, source);
    algo.loadModel(new ByteArrayInputStream(archive), source);
    return algo;
  }

  private static DiscreteAWR fromParams(AwrParamsFile params, GpuSetting useGpu, String source) {
    if (params.observationShape() == null || params.actionSize() == null) {
      throw new IllegalArgumentException(
          source + ": observation_shape and action_size are needed to create the networks");
    }
    DiscreteAWR algo = new DiscreteAWR(params.config().toBuilder().useGpu(useGpu).build());
    algo.createImpl(params.observationShape(), params.actionSize());
    return algo;
  }

  /**
   * Creates the networks (d3rlpy's {@code create_impl}), replacing any existing ones.
   *
   * @param observationShape one single-frame observation: {@code [d]} or {@code [C, H, W]}; image
   *     networks see {@code n_frames·C} channels
   * @param actionSize number of discrete actions
   * @throws IllegalArgumentException if {@code n_frames > 1} with vector observations, the scaler
   *     is not fitted ({@code min_max}/{@code standard} without parameters: use {@link #fit}) or
   *     does not match the shape
   */
  public void createImpl(int[] observationShape, int actionSize) {
    if (config.nFrames() > 1 && observationShape.length != 3) {
      throw new IllegalArgumentException(
          "n_frames="
              + config.nFrames()
              + " stacks image frames on the channel axis, but observation shape "
              + Arrays.toString(observationShape)
              + " is not an image [C, H, W]; use n_frames=1");
    }
    ScalerSpec spec = config.scaler();
    ObservationScaler scaler = null;
    if (spec != null) {
      if (!spec.isFitted()) {
        throw new IllegalArgumentException(
            "scaler "
                + spec.type().jsonName()
                + " has no fitted parameters: fit() fits it, or give its parameters");
      }
      scaler = ObservationScalers.fromSpec(spec, observationShape, config.nFrames());
    }
    learner = new AwrLearner(config, observationShape, actionSize, scaler, learnerSeed);
    this.observationShape = observationShape.clone();
  }

  /**
   * d3rlpy's {@code fit}: fits an unfitted scaler on {@code episodes}, creates the networks if
   * there are none (shape from the first episode, action size = largest action + 1, since episodes
   * do not carry d3rlpy's {@code action_size}), creates the run directory and its {@code
   * params.json}, resets {@link #evalResults} and trains {@code n_epochs} epochs, logging and
   * saving as {@link FitOptions} says.
   *
   * <p>With {@code dynamics} set (model-based augmentation, docs/design.md §1.3), the fitted {@link
   * ProbabilisticEnsembleDynamics} is loaded once from {@code dynamics.model_path} through {@link
   * FitOptions#storage()}, and at the start of every epoch {@code n_transitions·horizon} freshly
   * generated transitions, rolled out with {@link #sampleAction}, are appended to the real ones:
   * the epoch's permutation and iteration count cover both. Each generated transition is a
   * one-transition cut-off episode, so its λ-return is {@code r' + γ·V(s')}. Vector observations
   * only.
   *
   * @return one map per epoch of the metrics committed at its end (the three losses when the epoch
   *     had iterations, then the scorers), in order
   * @throws IllegalArgumentException if there are no episodes, an episode does not fit the existing
   *     networks, or {@code dynamics} is set with image observations, {@code n_frames > 1}, or a
   *     model that does not fit the observations and actions
   * @throws IOException if the run directory cannot be written or the dynamics model read
   */
  public List<Map<String, Double>> fit(List<Episode> episodes, FitOptions options)
      throws IOException {
    if (episodes == null || episodes.isEmpty()) {
      throw new IllegalArgumentException("fit: no episodes");
    }
    DynamicsSpec dynamicsSpec = config.dynamics();
    if (dynamicsSpec != null) {
      ModelAugmentedTransitions.checkInput(config, episodes);
    }
    if (config.scaler() != null && !config.scaler().isFitted()) {
      ObservationScaler scaler = ObservationScalers.fit(config.scaler(), episodes);
      config = config.toBuilder().scaler(scaler.toSpec()).build();
    }
    if (learner == null) {
      int maxAction = 0;
      for (Episode e : episodes) {
        for (int a : e.actions()) {
          maxAction = Math.max(maxAction, a);
        }
      }
      createImpl(episodes.get(0).shape().dims(), maxAction + 1);
    }
    for (Episode e : episodes) {
      if (!Arrays.equals(e.shape().dims(), observationShape)) {
        throw new IllegalArgumentException(
            "fit: episode "
                + e.id()
                + " has observation shape "
                + Arrays.toString(e.shape().dims())
                + ", the model "
                + Arrays.toString(observationShape));
      }
    }
    RunStorage storage = options.storage();
    if (dynamicsSpec == null) {
      TransitionIndex real = new TransitionIndex(episodes);
      return fitEpochs(episodes, options, epoch -> real);
    }
    try (ProbabilisticEnsembleDynamics dynamics =
        ProbabilisticEnsembleDynamics.load(storage, dynamicsSpec.modelPath())) {
      ModelAugmentedTransitions.checkModel(
          dynamics, dynamicsSpec, observationShape, learner.actionSize());
      return fitEpochs(
          episodes,
          options,
          new ModelAugmentedTransitions(episodes, dynamics, dynamicsSpec, this, dynamicsSeed));
    }
  }

  private List<Map<String, Double>> fitEpochs(
      List<Episode> episodes, FitOptions options, IntFunction<TransitionIndex> epochTransitions)
      throws IOException {
    RunStorage storage = options.storage();
    RunDirectory run =
        RunDirectory.create(
            storage, options.logdir(), options.experimentName(), options.withTimestamp());
    String params = paramsJson();
    run.writeParams(params);
    if (options.verbose()) {
      for (Map.Entry<String, Object> e : paramsMap(params).entrySet()) {
        System.out.println(e.getKey() + "=" + e.getValue());
      }
    }
    trainingEpisodes = List.copyOf(episodes);
    TrainingSchedule schedule =
        options.schedule() != null
            ? options.schedule()
            : TrainingSchedule.singleProcess(learner.config());
    LoopOptions loop =
        new LoopOptions(
            schedule,
            epochsFitted,
            epochsFitted + config.nEpochs(),
            epochsFitted,
            0,
            permutationSeed,
            workerSeed,
            options.evalEpisodes() == null ? Map.of() : options.scorers(),
            options.evalEpisodes(),
            options.saveInterval(),
            false,
            options.tensorboard(),
            options.verbose(),
            options.showProgress() ? System.err : null,
            1);
    TrainingLoop trainer =
        new TrainingLoop(
            learner,
            this,
            new LocalBackend(learner, epochTransitions),
            loop,
            storage,
            run.path(),
            name -> storage.writeAtomically(run.resolve(name), this::saveModel));
    List<Map<String, Double>> history = trainer.run();
    evalResults = trainer.evalResults();
    epochsFitted += config.nEpochs();
    return history;
  }

  /**
   * The seed of the workers' random state in {@link #fit} ({@link
   * io.sparkrl.core.train.WorkerRandom}), so that a distributed trainer reproduces fit's
   * augmentations.
   */
  public long workerSeed() {
    return workerSeed;
  }

  /**
   * d3rlpy's {@code update}: one iteration on {@code batch}, pairs {@code {episode index, t}} into
   * the real episodes of the last {@link #fit} (d3rlpy's mini-batch carries its transitions;
   * sparkrl's batch indexes them; transitions generated by {@code dynamics} are not kept). {@code
   * epoch} and {@code totalStep} are only for the caller's bookkeeping.
   *
   * @return {@code critic_loss}, {@code actor_loss} and the mean weight
   * @throws IllegalStateException if {@link #fit} has not been called; use {@link #update(List,
   *     int[][])} then
   */
  public UpdateResult update(int epoch, int totalStep, int[][] batch) {
    if (trainingEpisodes == null) {
      throw new IllegalStateException("update: no training episodes; call fit first");
    }
    return update(trainingEpisodes, batch);
  }

  /** One iteration on {@code batch}, pairs {@code {episode index, t}} into {@code episodes}. */
  public UpdateResult update(List<Episode> episodes, int[][] batch) {
    return impl("update").update(episodes, batch);
  }

  @Override
  public int[] predict(float[] observations, int rows) {
    return impl("predict").predict(observations, rows);
  }

  /** d3rlpy's {@code predict_value}: V(s) (AWR ignores actions). */
  @Override
  public float[] predictValue(float[] observations, int rows) {
    return impl("predictValue").predictValue(observations, rows);
  }

  /** The actor's π(a|s): {@code rows × actionSize()} probabilities, row-major. */
  @Override
  public float[] actionProbabilities(float[] observations, int rows) {
    return impl("actionProbabilities").actionProbabilities(observations, rows);
  }

  /** π(a|s_t) of every row of {@code episode}: {@code length() × actionSize()}, row-major. */
  public float[] episodeActionProbabilities(Episode episode) {
    return impl("episodeActionProbabilities").episodeActionProbabilities(episode);
  }

  @Override
  public int[] sampleAction(float[] observations, int rows, RandomGenerator random) {
    return impl("sampleAction").sampleAction(observations, rows, random);
  }

  @Override
  public int[] observationShape() {
    impl("observationShape");
    return observationShape.clone();
  }

  @Override
  public int nFrames() {
    return config.nFrames();
  }

  @Override
  public int actionSize() {
    return impl("actionSize").actionSize();
  }

  /** The γ the networks train with ({@link #setParams} after createImpl does not change it). */
  @Override
  public double gamma() {
    return learner == null ? config.gamma() : learner.config().gamma();
  }

  /**
   * The seed of {@link #fit}'s epoch orders: the e-th epoch this model is fitted (counting across
   * {@code fit} calls from 0) visits the transitions in the order of {@link
   * EpochPermutation#forEpoch EpochPermutation.forEpoch(transitions, permutationSeed(), e)}, so a
   * distributed trainer can reproduce the order without this object.
   */
  public long permutationSeed() {
    return permutationSeed;
  }

  /** The current hyperparameters (with the fitted scaler after {@link #fit}). */
  public AwrConfig config() {
    return config;
  }

  /** The learner (d3rlpy's {@code impl}), or null before {@link #createImpl}. */
  public AwrLearner impl() {
    return learner;
  }

  /** d3rlpy's {@code eval_results_}: each scorer's values of the last {@link #fit}, per epoch. */
  public Map<String, List<Double>> evalResults() {
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    evalResults.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  /**
   * d3rlpy's {@code get_params}: the 20 hyperparameters as plain Java values keyed by their JSON
   * names. The map is always a fresh copy, so {@code deep} (d3rlpy's deep copy) changes nothing.
   */
  public Map<String, Object> getParams(boolean deep) {
    return AwrConfigParser.toMap(config);
  }

  /**
   * d3rlpy's {@code set_params}: replaces some hyperparameters, checked by the config's rules.
   * After {@link #createImpl} the networks and optimisers are not rebuilt: the learner keeps the
   * values it was created with (everything it trains with), and only {@code n_epochs} and {@code
   * batch_size}, which {@link #fit} reads, take effect; call {@link #createImpl} again (fresh
   * networks) for the rest.
   *
   * @return this
   * @throws IllegalArgumentException for an unknown key (named) or a value that breaks its rule
   */
  public DiscreteAWR setParams(Map<String, ?> params) {
    for (String key : params.keySet()) {
      if (!AwrConfig.KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "setParams: unknown key '" + key + "' (known keys: " + AwrConfig.KEYS + ")");
      }
    }
    config = AwrConfigParser.withValues(config, params);
    return this;
  }

  /**
   * d3rlpy's {@code save_model}: writes the model archive (see {@link ModelArchive}: metadata with
   * format version, sparkrl version, {@code params.json} and timestamp; actor and critic with their
   * optimiser state). The stream is not closed.
   */
  public void saveModel(OutputStream out) throws IOException {
    AwrLearner impl = impl("saveModel");
    ModelArchive.write(paramsJson(), impl.actor(), impl.critic(), out);
  }

  /** {@link #saveModel(OutputStream)} to a file, written atomically. */
  public void saveModel(RunStorage storage, String path) throws IOException {
    storage.writeAtomically(path, this::saveModel);
  }

  /** {@link #saveModel(OutputStream)} to a local file, written atomically. */
  public void saveModel(Path path) throws IOException {
    saveModel(new io.sparkrl.core.storage.LocalRunStorage(), path.toString());
  }

  /**
   * d3rlpy's {@code load_model}: the weights and optimiser state of an archive into the existing
   * networks ({@link #createImpl} or {@link #fromJson} first, as in d3rlpy).
   *
   * @throws IllegalStateException if there are no networks yet
   * @throws IllegalArgumentException if the archive's format version is newer than this sparkrl
   *     reads, or its observation shape, action size, n_frames, scaler or architecture differ
   */
  public void loadModel(InputStream in, String source) throws IOException {
    AwrLearner impl = impl("loadModel");
    ModelArchive.Contents contents = ModelArchive.read(in, source, impl.actor(), impl.critic());
    JsonNode saved = contents.params();
    JsonNode mine = ModelArchive.MAPPER.readTree(paramsJson());
    for (String key :
        List.of(
            AwrConfigParser.KEY_OBSERVATION_SHAPE,
            AwrConfigParser.KEY_ACTION_SIZE,
            AwrConfig.KEY_N_FRAMES,
            AwrConfig.KEY_SCALER,
            AwrConfig.KEY_ENCODER_PARAMS,
            AwrConfig.KEY_USE_BATCH_NORM)) {
      if (!mine.path(key).equals(saved.path(key))) {
        throw new IllegalArgumentException(
            source
                + ": saved "
                + key
                + " "
                + saved.path(key)
                + " differs from this model's "
                + mine.path(key));
      }
    }
    ModelArchive.restoreInto(
        impl.actor(), contents.actor(), contents.formatVersion(), source + " actor");
    ModelArchive.restoreInto(
        impl.critic(), contents.critic(), contents.formatVersion(), source + " critic");
  }

  /** {@link #loadModel(InputStream, String)} from a file. */
  public void loadModel(RunStorage storage, String path) throws IOException {
    try (InputStream in = storage.open(path)) {
      loadModel(in, path);
    }
  }

  /** {@link #loadModel(InputStream, String)} from a local file. */
  public void loadModel(Path path) throws IOException {
    loadModel(new io.sparkrl.core.storage.LocalRunStorage(), path.toString());
  }

  /**
   * d3rlpy's {@code save_policy}: the greedy policy, usable without sparkrl. With {@code asOnnx},
   * an ONNX model ({@link OnnxPolicyExporter}: input {@code input_0} float {@code [N,
   * ...inputShape]} of raw observations, scaler, actor and argmax built in, output {@code output_0}
   * int64 actions). Otherwise a DL4J model file of the actor plus a {@code scaler.json} entry that
   * says how to scale its input ({@link PolicyFile}). The stream is not closed.
   */
  public void savePolicy(OutputStream out, boolean asOnnx) throws IOException {
    AwrLearner impl = impl("savePolicy");
    ObservationScaler scaler = impl.inputs().scaler();
    int[] inputShape = impl.inputs().inputShape();
    if (asOnnx) {
      OnnxPolicyExporter.export(
          impl.actor(),
          inputShape,
          scaler == null ? null : scaler.scale(),
          scaler == null ? null : scaler.offset(),
          out);
    } else {
      PolicyFile.write(impl.actor(), inputShape, impl.actionSize(), scaler, out);
    }
  }

  /** {@link #savePolicy(OutputStream, boolean)} to a local file, written atomically. */
  public void savePolicy(Path path, boolean asOnnx) throws IOException {
    new io.sparkrl.core.storage.LocalRunStorage()
        .writeAtomically(path.toString(), out -> savePolicy(out, asOnnx));
  }

  /**
   * The {@code params.json} of this model: config with the fitted scaler, and the shape keys.
   *
   * @throws IllegalStateException before {@link #createImpl} or {@link #fit}
   */
  public String paramsJson() {
    AwrLearner impl = impl("params.json");
    ObservationScaler scaler = impl.inputs().scaler();
    AwrConfig withScaler =
        scaler == null ? config : config.toBuilder().scaler(scaler.toSpec()).build();
    return AwrConfigParser.toParamsJson(withScaler, observationShape, impl.actionSize());
  }

  private static Map<String, Object> paramsMap(String json) throws IOException {
    return ModelArchive.MAPPER.readValue(
        json,
        new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
  }

  private AwrLearner impl(String what) {
    if (learner == null) {
      throw new IllegalStateException(
          what + ": the model has no networks yet; call createImpl, fromJson or fit first");
    }
    return learner;
  }
}
