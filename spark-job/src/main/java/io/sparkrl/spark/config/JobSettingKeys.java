package io.sparkrl.spark.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sparkrl.core.config.ConfigException;
import io.sparkrl.core.config.ConfigKey;
import io.sparkrl.core.config.Rule;
import io.sparkrl.core.config.ValueType;
import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.validation.ValidationMode;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The table of the Spark job's settings ({@link JobSettings}): each key's name, type, default, rule
 * and description. {@link JobSettings} checks its values with these rules and reads and writes JSON
 * by walking the table; {@code sparkrl train --help-config} prints it.
 */
public final class JobSettingKeys {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** An integer given as JSON or as the text of one (the Spark conf holds only strings). */
  private static final ValueType<Integer> INTEGER =
      new ValueType<>(
          "integer",
          (key, v) ->
              ValueType.INTEGER.read(key, v.isTextual() ? integerText(key, v.textValue()) : v),
          JSON::numberNode);

  private static final ValueType<Integer> OPTIONAL_INTEGER = INTEGER.nullMeans(null);

  private static final ValueType<String> OPTIONAL_STRING =
      new ValueType<>(
              "string", (key, v) -> v.isTextual() ? v.textValue() : v.asText(), JSON::textNode)
          .nullMeans(null);

  private static final ValueType<ReturnsSchedule> RETURNS =
      new ValueType<>(
          "\"iteration\", \"epoch\" or an integer",
          (key, v) -> {
            try {
              return ReturnsSchedule.parse(v.asText());
            } catch (IllegalArgumentException e) {
              throw new ConfigException(key, key + ": " + e.getMessage(), e);
            }
          },
          r -> JSON.textNode(r.toString()));

  private static final ValueType<ValidationMode> VALIDATION_MODE =
      new ValueType<>(
          "\"strict\" or \"quarantine\"",
          (key, v) ->
              switch (v.asText().strip().toLowerCase(Locale.ROOT)) {
                case "strict" -> ValidationMode.STRICT;
                case "quarantine" -> ValidationMode.QUARANTINE;
                default ->
                    throw new ConfigException(
                        key,
                        key + ": must be \"strict\" or \"quarantine\", got '" + v.asText() + "'");
              },
          m -> JSON.textNode(m.name().toLowerCase(Locale.ROOT)));

  private static final ValueType<String> ENVIRONMENT =
      new ValueType<>(
              "environment name",
              (key, v) -> v.asText().strip().toLowerCase(Locale.ROOT),
              JSON::textNode)
          .nullMeans(null);

  private static final ValueType<Long> LONG =
      new ValueType<>("integer", ValueType.LONG::read, JSON::numberNode);

  public static final ConfigKey<Integer> WORKERS =
      ConfigKey.of(
          "workers",
          INTEGER,
          2,
          Rule.atLeast(1),
          "data-parallel workers, one Spark task each; they share each epoch's SGD work");
  public static final ConfigKey<Integer> AVERAGING_FREQUENCY =
      ConfigKey.of(
          "averaging_frequency",
          INTEGER,
          50,
          Rule.atLeast(1),
          "SGD steps each worker takes between two averages of the parameters and momentum");
  public static final ConfigKey<Integer> WORKER_BATCH_SIZE =
      new ConfigKey<>(
          "worker_batch_size",
          OPTIONAL_INTEGER,
          null,
          "batch_size_per_update",
          Rule.atLeast(1).orNull(),
          "rows of one worker's SGD mini-batch; at most batch_size");
  public static final ConfigKey<ReturnsSchedule> RETURNS_EVERY =
      ConfigKey.of(
          "returns_every",
          RETURNS,
          new ReturnsSchedule(ReturnsSchedule.EPOCH),
          Rule.required(),
          "when stage 1 recomputes the TD(lambda) returns: \"iteration\" (d3rlpy exactly),"
              + " \"epoch\", or every k iterations");
  public static final ConfigKey<ValidationMode> VALIDATION =
      ConfigKey.of(
          "validation",
          VALIDATION_MODE,
          ValidationMode.STRICT,
          Rule.required(),
          "strict: stop at the first invalid episode; quarantine: set invalid episodes aside");
  public static final ConfigKey<String> QUARANTINE_DIR =
      new ConfigKey<>(
          "quarantine_dir",
          OPTIONAL_STRING,
          null,
          "<output>/quarantine",
          Rule.notBlank().orNull(),
          "where quarantine mode writes the rejected episodes with their reasons");
  public static final ConfigKey<Long> SEED =
      ConfigKey.of(
          "seed",
          LONG,
          0L,
          Rule.any(),
          "seeds the networks, the epoch orders and the workers' randomness");
  public static final ConfigKey<String> EVAL_ENV =
      new ConfigKey<>(
          "eval_env",
          ENVIRONMENT,
          null,
          "none",
          Rule.oneOf(Environments.NAMES).orNull(),
          "an environment to evaluate the greedy policy in after each epoch");
  public static final ConfigKey<Integer> EVAL_EPISODES =
      ConfigKey.of(
          "eval_episodes", INTEGER, 10, Rule.atLeast(1), "episodes of each environment evaluation");
  public static final ConfigKey<Integer> SAVE_INTERVAL =
      ConfigKey.of(
          "save_interval",
          INTEGER,
          ModelCheckpoints.DEFAULT_SAVE_INTERVAL,
          Rule.atLeast(1),
          "epochs between model_<epoch>.zip checkpoints (the last epoch is always saved)");
  public static final ConfigKey<Integer> OMP_THREADS_PER_TASK =
      ConfigKey.of(
          "omp_threads_per_task",
          INTEGER,
          1,
          Rule.atLeast(1),
          "BLAS/OpenMP threads each Spark task may use");

  /** A key with the {@link JobSettings} accessor of its value. */
  record Binding<T>(ConfigKey<T> key, Function<JobSettings, T> get) {
    JsonNode write(JobSettings job) {
      return key.write(get.apply(job));
    }
  }

  /** Every key with its accessor, in documentation order. */
  static final List<Binding<?>> BINDINGS =
      List.of(
          new Binding<>(WORKERS, JobSettings::workers),
          new Binding<>(AVERAGING_FREQUENCY, JobSettings::averagingFrequency),
          new Binding<>(WORKER_BATCH_SIZE, JobSettings::workerBatchSize),
          new Binding<>(RETURNS_EVERY, JobSettings::returnsEvery),
          new Binding<>(VALIDATION, JobSettings::validation),
          new Binding<>(QUARANTINE_DIR, JobSettings::quarantineDir),
          new Binding<>(SEED, JobSettings::seed),
          new Binding<>(EVAL_ENV, JobSettings::evalEnv),
          new Binding<>(EVAL_EPISODES, JobSettings::evalEpisodes),
          new Binding<>(SAVE_INTERVAL, JobSettings::saveInterval),
          new Binding<>(OMP_THREADS_PER_TASK, JobSettings::ompThreadsPerTask));

  /** Every key, in documentation order. */
  public static final List<ConfigKey<?>> ALL =
      BINDINGS.stream().<ConfigKey<?>>map(Binding::key).toList();

  /** Every key's name, in documentation order. */
  public static final List<String> NAMES = ALL.stream().map(ConfigKey::name).toList();

  private JobSettingKeys() {}

  /** The key named {@code name}, or null. */
  public static ConfigKey<?> byName(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
  }

  private static JsonNode integerText(String key, String text) {
    String t = text.strip();
    if (!t.matches("-?[0-9]{1,10}")) {
      throw new ConfigException(key, key + ": must be an integer, got '" + text + "'");
    }
    return JSON.numberNode(Long.parseLong(t));
  }
}
