package io.sparkrl.core.config;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The table of DiscreteAWR's 20 hyperparameters: each key's JSON name, type, default, rule and
 * description, and how it sits in {@link AwrConfig}. {@link AwrConfig}'s constructor checks every
 * value with its key's rule, {@link AwrConfigParser} reads and writes JSON by walking the table,
 * and {@code sparkrl train --help-config} prints it, so the documentation, the parser and the
 * checks are one list. Keys are in d3rlpy's alphabetical {@code params.json} order.
 */
public final class AwrConfigKeys {

  public static final ConfigKey<Double> ACTOR_LEARNING_RATE =
      ConfigKey.of(
          AwrConfig.KEY_ACTOR_LEARNING_RATE,
          ValueType.NUMBER,
          AwrConfig.DEFAULT_ACTOR_LEARNING_RATE,
          Rule.positive(),
          "step size of the actor's SGD");
  public static final ConfigKey<List<AugmentationSpec>> AUGMENTATION =
      ConfigKey.of(
          AwrConfig.KEY_AUGMENTATION,
          AwrValueTypes.AUGMENTATIONS,
          AwrConfig.DEFAULT_AUGMENTATION,
          Rule.required(),
          "augmentations applied, all in order, to observations in the update losses");
  public static final ConfigKey<Integer> BATCH_SIZE =
      ConfigKey.of(
          AwrConfig.KEY_BATCH_SIZE,
          ValueType.INTEGER,
          AwrConfig.DEFAULT_BATCH_SIZE,
          Rule.atLeast(1),
          "transitions per iteration; at least batch_size_per_update");
  public static final ConfigKey<Integer> BATCH_SIZE_PER_UPDATE =
      ConfigKey.of(
          AwrConfig.KEY_BATCH_SIZE_PER_UPDATE,
          ValueType.INTEGER,
          AwrConfig.DEFAULT_BATCH_SIZE_PER_UPDATE,
          Rule.atLeast(1),
          "rows of one SGD step's mini-batch, taken in turn from the iteration's batch");
  public static final ConfigKey<Double> BETA =
      ConfigKey.of(
          AwrConfig.KEY_BETA,
          ValueType.NUMBER,
          AwrConfig.DEFAULT_BETA,
          Rule.positive(),
          "temperature of the advantage weights exp(A/beta)");
  public static final ConfigKey<Double> CRITIC_LEARNING_RATE =
      ConfigKey.of(
          AwrConfig.KEY_CRITIC_LEARNING_RATE,
          ValueType.NUMBER,
          AwrConfig.DEFAULT_CRITIC_LEARNING_RATE,
          Rule.positive(),
          "step size of the critic's SGD");
  public static final ConfigKey<DynamicsSpec> DYNAMICS =
      ConfigKey.of(
          AwrConfig.KEY_DYNAMICS,
          AwrValueTypes.DYNAMICS,
          AwrConfig.DEFAULT_DYNAMICS,
          Rule.any(),
          "a fitted dynamics model that adds generated transitions to every epoch"
              + " (single-process fit only)");
  public static final ConfigKey<EncoderParams> ENCODER_PARAMS =
      ConfigKey.of(
          AwrConfig.KEY_ENCODER_PARAMS,
          AwrValueTypes.ENCODER,
          AwrConfig.DEFAULT_ENCODER_PARAMS,
          Rule.required(),
          "hidden_units (vectors), filters and feature_size (images), activation_type"
              + " (relu, swish)");
  public static final ConfigKey<Double> GAMMA =
      ConfigKey.of(
          AwrConfig.KEY_GAMMA,
          ValueType.NUMBER,
          AwrConfig.DEFAULT_GAMMA,
          Rule.unitInterval(),
          "discount");
  public static final ConfigKey<Double> LAM =
      ConfigKey.of(
          AwrConfig.KEY_LAM,
          ValueType.NUMBER,
          AwrConfig.DEFAULT_LAM,
          Rule.unitInterval(),
          "lambda of TD(lambda)");
  public static final ConfigKey<Double> MAX_WEIGHT =
      ConfigKey.of(
          AwrConfig.KEY_MAX_WEIGHT,
          ValueType.NUMBER,
          AwrConfig.DEFAULT_MAX_WEIGHT,
          Rule.positive(),
          "upper clip of the advantage weights");
  public static final ConfigKey<Double> MOMENTUM =
      ConfigKey.of(
          AwrConfig.KEY_MOMENTUM,
          ValueType.NUMBER,
          AwrConfig.DEFAULT_MOMENTUM,
          Rule.belowOne(),
          "heavy-ball momentum of both SGD optimisers (PyTorch's form, not Nesterov)");
  public static final ConfigKey<Integer> N_ACTOR_UPDATES =
      ConfigKey.of(
          AwrConfig.KEY_N_ACTOR_UPDATES,
          ValueType.INTEGER,
          AwrConfig.DEFAULT_N_ACTOR_UPDATES,
          Rule.atLeast(1),
          "actor SGD steps per iteration, after the critic's");
  public static final ConfigKey<Integer> N_AUGMENTATIONS =
      ConfigKey.of(
          AwrConfig.KEY_N_AUGMENTATIONS,
          ValueType.INTEGER,
          AwrConfig.DEFAULT_N_AUGMENTATIONS,
          Rule.atLeast(1),
          "augmented copies each loss is averaged over");
  public static final ConfigKey<Integer> N_CRITIC_UPDATES =
      ConfigKey.of(
          AwrConfig.KEY_N_CRITIC_UPDATES,
          ValueType.INTEGER,
          AwrConfig.DEFAULT_N_CRITIC_UPDATES,
          Rule.atLeast(1),
          "critic SGD steps per iteration");
  public static final ConfigKey<Integer> N_EPOCHS =
      ConfigKey.of(
          AwrConfig.KEY_N_EPOCHS,
          ValueType.INTEGER,
          AwrConfig.DEFAULT_N_EPOCHS,
          Rule.atLeast(1),
          "epochs");
  public static final ConfigKey<Integer> N_FRAMES =
      ConfigKey.of(
          AwrConfig.KEY_N_FRAMES,
          ValueType.INTEGER,
          AwrConfig.DEFAULT_N_FRAMES,
          Rule.atLeast(1),
          "image frames stacked on the channel axis (above 1 for images only)");
  public static final ConfigKey<ScalerSpec> SCALER =
      ConfigKey.of(
          AwrConfig.KEY_SCALER,
          AwrValueTypes.SCALER,
          AwrConfig.DEFAULT_SCALER,
          Rule.any(),
          "null, pixel, min_max or standard (fitted on the training episodes), or {type, params}");
  public static final ConfigKey<Boolean> USE_BATCH_NORM =
      ConfigKey.of(
          AwrConfig.KEY_USE_BATCH_NORM,
          ValueType.BOOLEAN,
          AwrConfig.DEFAULT_USE_BATCH_NORM,
          Rule.required(),
          "batch norm after every hidden activation");
  public static final ConfigKey<GpuSetting> USE_GPU =
      ConfigKey.of(
          AwrConfig.KEY_USE_GPU,
          AwrValueTypes.GPU,
          AwrConfig.DEFAULT_USE_GPU,
          Rule.required(),
          "the CUDA device to train on (needs the CUDA build); on Spark, the one Spark assigns");

  /** A key with where its value sits in {@link AwrConfig} and its builder. */
  record Binding<T>(
      ConfigKey<T> key, BiConsumer<AwrConfig.Builder, T> set, Function<AwrConfig, T> get) {

    void read(com.fasterxml.jackson.databind.JsonNode object, AwrConfig.Builder builder) {
      if (object.has(key.name())) {
        set.accept(builder, key.read(object));
      }
    }

    com.fasterxml.jackson.databind.JsonNode write(AwrConfig config) {
      return key.write(get.apply(config));
    }
  }

  /** Every key with its place, in d3rlpy's alphabetical order. */
  static final List<Binding<?>> BINDINGS =
      List.of(
          new Binding<>(
              ACTOR_LEARNING_RATE,
              AwrConfig.Builder::actorLearningRate,
              AwrConfig::actorLearningRate),
          new Binding<>(AUGMENTATION, AwrConfig.Builder::augmentation, AwrConfig::augmentation),
          new Binding<>(BATCH_SIZE, AwrConfig.Builder::batchSize, AwrConfig::batchSize),
          new Binding<>(
              BATCH_SIZE_PER_UPDATE,
              AwrConfig.Builder::batchSizePerUpdate,
              AwrConfig::batchSizePerUpdate),
          new Binding<>(BETA, AwrConfig.Builder::beta, AwrConfig::beta),
          new Binding<>(
              CRITIC_LEARNING_RATE,
              AwrConfig.Builder::criticLearningRate,
              AwrConfig::criticLearningRate),
          new Binding<>(DYNAMICS, AwrConfig.Builder::dynamics, AwrConfig::dynamics),
          new Binding<>(ENCODER_PARAMS, AwrConfig.Builder::encoderParams, AwrConfig::encoderParams),
          new Binding<>(GAMMA, AwrConfig.Builder::gamma, AwrConfig::gamma),
          new Binding<>(LAM, AwrConfig.Builder::lam, AwrConfig::lam),
          new Binding<>(MAX_WEIGHT, AwrConfig.Builder::maxWeight, AwrConfig::maxWeight),
          new Binding<>(MOMENTUM, AwrConfig.Builder::momentum, AwrConfig::momentum),
          new Binding<>(
              N_ACTOR_UPDATES, AwrConfig.Builder::nActorUpdates, AwrConfig::nActorUpdates),
          new Binding<>(
              N_AUGMENTATIONS, AwrConfig.Builder::nAugmentations, AwrConfig::nAugmentations),
          new Binding<>(
              N_CRITIC_UPDATES, AwrConfig.Builder::nCriticUpdates, AwrConfig::nCriticUpdates),
          new Binding<>(N_EPOCHS, AwrConfig.Builder::nEpochs, AwrConfig::nEpochs),
          new Binding<>(N_FRAMES, AwrConfig.Builder::nFrames, AwrConfig::nFrames),
          new Binding<>(SCALER, AwrConfig.Builder::scaler, AwrConfig::scaler),
          new Binding<>(USE_BATCH_NORM, AwrConfig.Builder::useBatchNorm, AwrConfig::useBatchNorm),
          new Binding<>(USE_GPU, AwrConfig.Builder::useGpu, AwrConfig::useGpu));

  /** The 20 keys in d3rlpy's alphabetical {@code params.json} order. */
  public static final List<ConfigKey<?>> ALL =
      BINDINGS.stream().<ConfigKey<?>>map(Binding::key).toList();

  private AwrConfigKeys() {}
}
