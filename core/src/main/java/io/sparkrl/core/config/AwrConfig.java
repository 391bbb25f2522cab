package io.sparkrl.core.config;

import java.util.List;

/**
 * The 20 hyperparameters of DiscreteAWR, with d3rlpy v0.23's names (the {@code KEY_} constants) and
 * defaults (the {@code DEFAULT_} constants). Every rule of the key table {@link AwrConfigKeys} is
 * checked on construction; a broken rule throws {@link ConfigException} naming the key and the
 * value. {@link AwrConfigParser} turns it into JSON and back.
 *
 * @param scaler null for no scaler
 * @param dynamics null for no model-based augmentation
 */
public record AwrConfig(
    double actorLearningRate,
    double criticLearningRate,
    int batchSize,
    int nFrames,
    double gamma,
    int batchSizePerUpdate,
    int nActorUpdates,
    int nCriticUpdates,
    double lam,
    double beta,
    double maxWeight,
    double momentum,
    boolean useBatchNorm,
    int nEpochs,
    GpuSetting useGpu,
    ScalerSpec scaler,
    List<AugmentationSpec> augmentation,
    int nAugmentations,
    EncoderParams encoderParams,
    DynamicsSpec dynamics)
    implements java.io.Serializable {

  public static final String KEY_ACTOR_LEARNING_RATE = "actor_learning_rate";
  public static final String KEY_CRITIC_LEARNING_RATE = "critic_learning_rate";
  public static final String KEY_BATCH_SIZE = "batch_size";
  public static final String KEY_N_FRAMES = "n_frames";
  public static final String KEY_GAMMA = "gamma";
  public static final String KEY_BATCH_SIZE_PER_UPDATE = "batch_size_per_update";
  public static final String KEY_N_ACTOR_UPDATES = "n_actor_updates";
  public static final String KEY_N_CRITIC_UPDATES = "n_critic_updates";
  public static final String KEY_LAM = "lam";
  public static final String KEY_BETA = "beta";
  public static final String KEY_MAX_WEIGHT = "max_weight";
  public static final String KEY_MOMENTUM = "momentum";
  public static final String KEY_USE_BATCH_NORM = "use_batch_norm";
  public static final String KEY_N_EPOCHS = "n_epochs";
  public static final String KEY_USE_GPU = "use_gpu";
  public static final String KEY_SCALER = "scaler";
  public static final String KEY_AUGMENTATION = "augmentation";
  public static final String KEY_N_AUGMENTATIONS = "n_augmentations";
  public static final String KEY_ENCODER_PARAMS = "encoder_params";
  public static final String KEY_DYNAMICS = "dynamics";

  /** The 20 keys in d3rlpy's alphabetical {@code params.json} order. */
  public static final List<String> KEYS =
      List.of(
          KEY_ACTOR_LEARNING_RATE,
          KEY_AUGMENTATION,
          KEY_BATCH_SIZE,
          KEY_BATCH_SIZE_PER_UPDATE,
          KEY_BETA,
          KEY_CRITIC_LEARNING_RATE,
          KEY_DYNAMICS,
          KEY_ENCODER_PARAMS,
          KEY_GAMMA,
          KEY_LAM,
          KEY_MAX_WEIGHT,
          KEY_MOMENTUM,
          KEY_N_ACTOR_UPDATES,
          KEY_N_AUGMENTATIONS,
          KEY_N_CRITIC_UPDATES,
          KEY_N_EPOCHS,
          KEY_N_FRAMES,
          KEY_SCALER,
          KEY_USE_BATCH_NORM,
          KEY_USE_GPU);

  public static final double DEFAULT_ACTOR_LEARNING_RATE = 5e-5;
  public static final double DEFAULT_CRITIC_LEARNING_RATE = 1e-4;
  public static final int DEFAULT_BATCH_SIZE = 2048;
  public static final int DEFAULT_N_FRAMES = 1;
  public static final double DEFAULT_GAMMA = 0.99;
  public static final int DEFAULT_BATCH_SIZE_PER_UPDATE = 256;
  public static final int DEFAULT_N_ACTOR_UPDATES = 1000;
  public static final int DEFAULT_N_CRITIC_UPDATES = 200;
  public static final double DEFAULT_LAM = 0.95;
  public static final double DEFAULT_BETA = 0.05;
  public static final double DEFAULT_MAX_WEIGHT = 20.0;
  public static final double DEFAULT_MOMENTUM = 0.9;
  public static final boolean DEFAULT_USE_BATCH_NORM = false;
  public static final int DEFAULT_N_EPOCHS = 1000;
  public static final GpuSetting DEFAULT_USE_GPU = GpuSetting.DISABLED;
  public static final ScalerSpec DEFAULT_SCALER = null;
  public static final List<AugmentationSpec> DEFAULT_AUGMENTATION = List.of();
  public static final int DEFAULT_N_AUGMENTATIONS = 1;
  public static final EncoderParams DEFAULT_ENCODER_PARAMS = EncoderParams.DEFAULTS;
  public static final DynamicsSpec DEFAULT_DYNAMICS = null;

  /**
   * Checks every value with its key's rule ({@link AwrConfigKeys}) and {@code batch_size >=
   * batch_size_per_update}.
   *
   * @throws ConfigException naming the key and the value of the first broken rule
   */
  public AwrConfig {
    AwrConfigKeys.ACTOR_LEARNING_RATE.check(actorLearningRate);
    AwrConfigKeys.CRITIC_LEARNING_RATE.check(criticLearningRate);
    AwrConfigKeys.N_FRAMES.check(nFrames);
    AwrConfigKeys.GAMMA.check(gamma);
    AwrConfigKeys.BATCH_SIZE_PER_UPDATE.check(batchSizePerUpdate);
    AwrConfigKeys.BATCH_SIZE.check(batchSize);
    if (batchSize < batchSizePerUpdate) {
      throw new ConfigException(
          KEY_BATCH_SIZE,
          KEY_BATCH_SIZE
              + ": must be >= "
              + KEY_BATCH_SIZE_PER_UPDATE
              + " ("
              + batchSizePerUpdate
              + "), got "
              + batchSize);
    }
    AwrConfigKeys.N_ACTOR_UPDATES.check(nActorUpdates);
    AwrConfigKeys.N_CRITIC_UPDATES.check(nCriticUpdates);
    AwrConfigKeys.LAM.check(lam);
    AwrConfigKeys.BETA.check(beta);
    AwrConfigKeys.MAX_WEIGHT.check(maxWeight);
    AwrConfigKeys.MOMENTUM.check(momentum);
    AwrConfigKeys.N_EPOCHS.check(nEpochs);
    AwrConfigKeys.USE_GPU.check(useGpu);
    AwrConfigKeys.AUGMENTATION.check(augmentation);
    augmentation = List.copyOf(augmentation);
    AwrConfigKeys.N_AUGMENTATIONS.check(nAugmentations);
    AwrConfigKeys.ENCODER_PARAMS.check(encoderParams);
  }

  /** d3rlpy v0.23's defaults. */
  public static AwrConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable builder that starts from the defaults (or from a config) and validates on build. */
  public static final class Builder {
    private double actorLearningRate = DEFAULT_ACTOR_LEARNING_RATE;
    private double criticLearningRate = DEFAULT_CRITIC_LEARNING_RATE;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int nFrames = DEFAULT_N_FRAMES;
    private double gamma = DEFAULT_GAMMA;
    private int batchSizePerUpdate = DEFAULT_BATCH_SIZE_PER_UPDATE;
    private int nActorUpdates = DEFAULT_N_ACTOR_UPDATES;
    private int nCriticUpdates = DEFAULT_N_CRITIC_UPDATES;
    private double lam = DEFAULT_LAM;
    private double beta = DEFAULT_BETA;
    private double maxWeight = DEFAULT_MAX_WEIGHT;
    private double momentum = DEFAULT_MOMENTUM;
    private boolean useBatchNorm = DEFAULT_USE_BATCH_NORM;
    private int nEpochs = DEFAULT_N_EPOCHS;
    private GpuSetting useGpu = DEFAULT_USE_GPU;
    private ScalerSpec scaler = DEFAULT_SCALER;
    private List<AugmentationSpec> augmentation = DEFAULT_AUGMENTATION;
    private int nAugmentations = DEFAULT_N_AUGMENTATIONS;
    private EncoderParams encoderParams = DEFAULT_ENCODER_PARAMS;
    private DynamicsSpec dynamics = DEFAULT_DYNAMICS;

    private Builder() {}

    private Builder(AwrConfig c) {
      actorLearningRate = c.actorLearningRate;
      criticLearningRate = c.criticLearningRate;
      batchSize = c.batchSize;
      nFrames = c.nFrames;
      gamma = c.gamma;
      batchSizePerUpdate = c.batchSizePerUpdate;
      nActorUpdates = c.nActorUpdates;
      nCriticUpdates = c.nCriticUpdates;
      lam = c.lam;
      beta = c.beta;
      maxWeight = c.maxWeight;
      momentum = c.momentum;
      useBatchNorm = c.useBatchNorm;
      nEpochs = c.nEpochs;
      useGpu = c.useGpu;
      scaler = c.scaler;
      augmentation = c.augmentation;
      nAugmentations = c.nAugmentations;
      encoderParams = c.encoderParams;
      dynamics = c.dynamics;
    }

    public Builder actorLearningRate(double v) {
      actorLearningRate = v;
      return this;
    }

    public Builder criticLearningRate(double v) {
      criticLearningRate = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder nFrames(int v) {
      nFrames = v;
      return this;
    }

    public Builder gamma(double v) {
      gamma = v;
      return this;
    }

    public Builder batchSizePerUpdate(int v) {
      batchSizePerUpdate = v;
      return this;
    }

    public Builder nActorUpdates(int v) {
      nActorUpdates = v;
      return this;
    }

    public Builder nCriticUpdates(int v) {
      nCriticUpdates = v;
      return this;
    }

    public Builder lam(double v) {
      lam = v;
      return this;
    }

    public Builder beta(double v) {
      beta = v;
      return this;
    }

    public Builder maxWeight(double v) {
      maxWeight = v;
      return this;
    }

    public Builder momentum(double v) {
      momentum = v;
      return this;
    }

    public Builder useBatchNorm(boolean v) {
      useBatchNorm = v;
      return this;
    }

    public Builder nEpochs(int v) {
      nEpochs = v;
      return this;
    }

    public Builder useGpu(GpuSetting v) {
      useGpu = v;
      return this;
    }

    public Builder scaler(ScalerSpec v) {
      scaler = v;
      return this;
    }

    public Builder augmentation(List<AugmentationSpec> v) {
      augmentation = v;
      return this;
    }

    public Builder nAugmentations(int v) {
      nAugmentations = v;
      return this;
    }

    public Builder encoderParams(EncoderParams v) {
      encoderParams = v;
      return this;
    }

    public Builder dynamics(DynamicsSpec v) {
      dynamics = v;
      return this;
    }

    public AwrConfig build() {
      return new AwrConfig(
          actorLearningRate,
          criticLearningRate,
          batchSize,
          nFrames,
          gamma,
          batchSizePerUpdate,
          nActorUpdates,
          nCriticUpdates,
          lam,
          beta,
          maxWeight,
          momentum,
          useBatchNorm,
          nEpochs,
          useGpu,
          scaler,
          augmentation,
          nAugmentations,
          encoderParams,
          dynamics);
    }
  }
}
