package io.sparkrl.spark.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sparkrl.core.config.ConfigException;
import io.sparkrl.core.config.ConfigKey;
import io.sparkrl.core.config.Rule;
import io.sparkrl.core.config.ValueType;
import io.sparkrl.core.metrics.Scorers;
import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.core.train.ParallelMode;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.spark.train.SyncMode;
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

  private static final ValueType<ParallelMode> PARALLEL_MODE =
      new ValueType<>(
          "\"iterations\", \"steps\" or \"replicate\"",
          (key, v) -> {
            try {
              return ParallelMode.fromJsonName(v.asText());
            } catch (IllegalArgumentException e) {
              throw new ConfigException(key, key + ": " + e.getMessage(), e);
            }
          },
          m -> JSON.textNode(m.jsonName()));

  private static final ValueType<SyncMode> SYNC_MODE =
      new ValueType<>(
          "\"barrier\" or \"jobs\"",
          (key, v) -> {
            try {
              return SyncMode.fromJsonName(v.asText());
            } catch (IllegalArgumentException e) {
              throw new ConfigException(key, key + ": " + e.getMessage(), e);
            }
          },
          m -> JSON.textNode(m.jsonName()));

  private static final ValueType<Double> NUMBER =
      new ValueType<>(
          "number",
          (key, v) -> {
            if (v.isNumber()) {
              return v.doubleValue();
            }
            try {
              return Double.parseDouble(v.asText().strip());
            } catch (NumberFormatException e) {
              throw new ConfigException(key, key + ": must be a number, got " + v, e);
            }
          },
          JSON::numberNode);

  private static final ValueType<List<String>> SCORER_NAMES =
      new ValueType<>(
          "list of scorer names",
          (key, v) -> {
            List<String> names = new java.util.ArrayList<>();
            if (v.isTextual()) {
              for (String n : v.textValue().split(",")) {
                if (!n.isBlank()) {
                  names.add(n.strip());
                }
              }
            } else if (v.isArray()) {
              v.forEach(n -> names.add(n.asText()));
            } else {
              throw new ConfigException(key, key + ": must be a list of scorer names, got " + v);
            }
            for (String n : names) {
              if (!Scorers.NAMES.contains(n)) {
                throw new ConfigException(
                    key,
                    key
                        + ": unknown scorer '"
                        + n
                        + "' (known: "
                        + String.join(", ", Scorers.NAMES)
                        + ")");
              }
            }
            return List.copyOf(names);
          },
          names -> {
            var a = JSON.arrayNode();
            names.forEach(a::add);
            return a;
          });

  private static final ValueType<Boolean> BOOLEAN =
      new ValueType<>(
          "boolean",
          (key, v) -> {
            if (v.isBoolean()) {
              return v.booleanValue();
            }
            String t = v.asText().strip();
            if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
              return Boolean.parseBoolean(t);
            }
            throw new ConfigException(key, key + ": must be true or false, got " + v);
          },
          JSON::booleanNode);

  public static final ConfigKey<Integer> WORKERS =
      ConfigKey.of(
          "workers",
          INTEGER,
          2,
          Rule.atLeast(1),
          "data-parallel workers, one task each of a Spark barrier stage; they share each epoch's"
              + " SGD work");
  public static final ConfigKey<ParallelMode> PARALLEL_MODE_KEY =
      ConfigKey.of(
          "parallel_mode",
          PARALLEL_MODE,
          ParallelMode.ITERATIONS,
          Rule.required(),
          "how the workers share an epoch: iterations (each runs whole iterations on its own batch),"
              + " steps (each runs 1/K of every iteration's steps) or replicate (each runs every"
              + " step on its share)");
  public static final ConfigKey<Integer> AVERAGING_FREQUENCY =
      ConfigKey.of(
          "averaging_frequency",
          INTEGER,
          200,
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
  public static final ConfigKey<Double> HOLDOUT_FRACTION =
      ConfigKey.of(
          "holdout_fraction",
          NUMBER,
          0.0,
          Rule.<Double>of("in [0, 0.5]", v -> v >= 0 && v <= 0.5),
          "share of the episodes (chosen by a hash of the episode id) held out of training and"
              + " scored by the dataset scorers after each epoch");
  public static final ConfigKey<List<String>> SCORERS =
      ConfigKey.of(
          "scorers",
          SCORER_NAMES,
          Scorers.NAMES,
          Rule.required(),
          "the dataset scorers run on the held-out episodes (when holdout_fraction > 0)");
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

  public static final ConfigKey<Boolean> TENSORBOARD =
      ConfigKey.of(
          "tensorboard",
          BOOLEAN,
          true,
          Rule.required(),
          "write TensorBoard event files (metrics/<name> per epoch) under the run directory's runs/");
  public static final ConfigKey<SyncMode> SYNC =
      ConfigKey.of(
          "sync",
          SYNC_MODE,
          SyncMode.BARRIER,
          Rule.required(),
          "barrier: each group of SGD work is one Spark barrier stage whose tasks average over TCP;"
              + " jobs: a Spark job per averaging period (for dynamic allocation)");
  public static final ConfigKey<Integer> GROUPS_PER_STAGE =
      ConfigKey.of(
          "groups_per_stage",
          INTEGER,
          8,
          Rule.atLeast(1),
          "consecutive groups of SGD work one barrier stage runs (fewer Spark jobs; a failure"
              + " reruns them all); the results do not depend on it");
  public static final ConfigKey<Integer> MAX_GROUP_ATTEMPTS =
      ConfigKey.of(
          "max_group_attempts",
          INTEGER,
          4,
          Rule.atLeast(1),
          "runs of a group of SGD work (a barrier stage) before its failure stops the training;"
              + " a retry starts from the group's starting state and computes the same floats");
  public static final ConfigKey<Integer> SYNC_TIMEOUT =
      ConfigKey.of(
          "sync_timeout",
          INTEGER,
          600,
          Rule.atLeast(1),
          "seconds a worker waits for a peer's parameters before its group fails");
  public static final ConfigKey<Integer> RENDEZVOUS_PORT =
      ConfigKey.of(
          "rendezvous_port",
          INTEGER,
          0,
          Rule.atLeast(0),
          "the driver's TCP port where workers find each other (0: any free port)");

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
          new Binding<>(PARALLEL_MODE_KEY, JobSettings::parallelMode),
          new Binding<>(AVERAGING_FREQUENCY, JobSettings::averagingFrequency),
          new Binding<>(WORKER_BATCH_SIZE, JobSettings::workerBatchSize),
          new Binding<>(RETURNS_EVERY, JobSettings::returnsEvery),
          new Binding<>(VALIDATION, JobSettings::validation),
          new Binding<>(QUARANTINE_DIR, JobSettings::quarantineDir),
          new Binding<>(SEED, JobSettings::seed),
          new Binding<>(EVAL_ENV, JobSettings::evalEnv),
          new Binding<>(EVAL_EPISODES, JobSettings::evalEpisodes),
          new Binding<>(HOLDOUT_FRACTION, JobSettings::holdoutFraction),
          new Binding<>(SCORERS, JobSettings::scorers),
          new Binding<>(SAVE_INTERVAL, JobSettings::saveInterval),
          new Binding<>(OMP_THREADS_PER_TASK, JobSettings::ompThreadsPerTask),
          new Binding<>(TENSORBOARD, JobSettings::tensorboard),
          new Binding<>(SYNC, JobSettings::sync),
          new Binding<>(GROUPS_PER_STAGE, JobSettings::groupsPerStage),
          new Binding<>(MAX_GROUP_ATTEMPTS, JobSettings::maxGroupAttempts),
          new Binding<>(SYNC_TIMEOUT, JobSettings::syncTimeout),
          new Binding<>(RENDEZVOUS_PORT, JobSettings::rendezvousPort));

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
