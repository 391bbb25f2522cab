package io.sparkrl.spark.config;

import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.validation.ValidationMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the Spark job runs the algorithm, beside its hyperparameters ({@link AwrConfig}). Keys, in
 * the configuration file's {@code "job"} object and as {@code job.<key>} elsewhere:
 *
 * <ul>
 *   <li>{@value #KEY_WORKERS} (default {@value #DEFAULT_WORKERS}, ≥ 1): data-parallel workers, one
 *       Spark task each.
 *   <li>{@value #KEY_AVERAGING_FREQUENCY} (default {@value #DEFAULT_AVERAGING_FREQUENCY}, ≥ 1): SGD
 *       steps each worker takes between parameter averages. 50 divides d3rlpy's 200 critic and 1000
 *       actor steps per iteration (no ragged last round) and gives each round about 50 × 5 ms of
 *       compute per worker for a CartPole-sized network, so Spark's per-round scheduling cost (some
 *       tens to hundreds of milliseconds) stays a minor share; DL4J's default of 5 would be
 *       dominated by it.
 *   <li>{@value #KEY_WORKER_BATCH_SIZE} (default: {@code batch_size_per_update}, ≥ 1, ≤ {@code
 *       batch_size}): the mini-batch of one worker's SGD step. Keeping d3rlpy's mini-batch per step
 *       keeps its learning rates valid and makes one worker equal the single-process algorithm;
 *       more workers then average more gradients per round instead of noisier ones.
 *   <li>{@value #KEY_RETURNS_EVERY} (default {@code epoch}): {@link ReturnsSchedule}.
 *   <li>{@value #KEY_VALIDATION} ({@code strict}, the default, or {@code quarantine}).
 *   <li>{@value #KEY_QUARANTINE_DIR} (default {@code <output>/quarantine}).
 *   <li>{@value #KEY_SEED} (default {@value #DEFAULT_SEED}): any integer.
 *   <li>{@value #KEY_EVAL_ENV} (default none): an environment of {@link Environments#NAMES}
 *       (case-insensitive, so {@code CartPole-v0} works) to evaluate the greedy policy in after
 *       each epoch.
 *   <li>{@value #KEY_EVAL_EPISODES} (default {@value #DEFAULT_EVAL_EPISODES}, ≥ 1).
 *   <li>{@value #KEY_SAVE_INTERVAL} (default {@value ModelCheckpoints#DEFAULT_SAVE_INTERVAL}, ≥ 1):
 *       epochs between model saves.
 *   <li>{@value #KEY_OMP_THREADS_PER_TASK} (default {@value #DEFAULT_OMP_THREADS_PER_TASK}, ≥ 1):
 *       BLAS/OpenMP threads per Spark task.
 * </ul>
 *
 * @param workers number of workers
 * @param averagingFrequency SGD steps between parameter averages
 * @param workerBatchSize one worker's mini-batch, or null for {@code batch_size_per_update}
 * @param returnsEvery when the returns are recomputed
 * @param validation what happens to invalid episodes
 * @param quarantineDir where rejected episodes go, or null for {@code <output>/quarantine}
 * @param seed the random seed
 * @param evalEnv the lower-case evaluation environment name, or null for none
 * @param evalEpisodes episodes per evaluation
 * @param saveInterval epochs between model saves
 * @param ompThreadsPerTask OpenMP threads per task
 */
public record JobSettings(
    int workers,
    int averagingFrequency,
    Integer workerBatchSize,
    ReturnsSchedule returnsEvery,
    ValidationMode validation,
    String quarantineDir,
    long seed,
    String evalEnv,
    int evalEpisodes,
    int saveInterval,
    int ompThreadsPerTask) {

  public static final String KEY_WORKERS = "workers";
  public static final String KEY_AVERAGING_FREQUENCY = "averaging_frequency";
  public static final String KEY_WORKER_BATCH_SIZE = "worker_batch_size";
  public static final String KEY_RETURNS_EVERY = "returns_every";
  public static final String KEY_VALIDATION = "validation";
  public static final String KEY_QUARANTINE_DIR = "quarantine_dir";
  public static final String KEY_SEED = "seed";
  public static final String KEY_EVAL_ENV = "eval_env";
  public static final String KEY_EVAL_EPISODES = "eval_episodes";
  public static final String KEY_SAVE_INTERVAL = "save_interval";
  public static final String KEY_OMP_THREADS_PER_TASK = "omp_threads_per_task";

  /** Every job setting key, in documentation order. */
  public static final List<String> KEYS =
      List.of(
          KEY_WORKERS,
          KEY_AVERAGING_FREQUENCY,
          KEY_WORKER_BATCH_SIZE,
          KEY_RETURNS_EVERY,
          KEY_VALIDATION,
          KEY_QUARANTINE_DIR,
          KEY_SEED,
          KEY_EVAL_ENV,
          KEY_EVAL_EPISODES,
          KEY_SAVE_INTERVAL,
          KEY_OMP_THREADS_PER_TASK);

  public static final int DEFAULT_WORKERS = 2;
  public static final int DEFAULT_AVERAGING_FREQUENCY = 50;
  public static final Integer DEFAULT_WORKER_BATCH_SIZE = null;
  public static final ReturnsSchedule DEFAULT_RETURNS_EVERY =
      new ReturnsSchedule(ReturnsSchedule.EPOCH);
  public static final ValidationMode DEFAULT_VALIDATION = ValidationMode.STRICT;
  public static final String DEFAULT_QUARANTINE_DIR = null;

  /** The quarantine folder's name inside the output directory when none is given. */
  public static final String QUARANTINE_DIR_NAME = "quarantine";

  public static final long DEFAULT_SEED = 0L;
  public static final String DEFAULT_EVAL_ENV = null;
  public static final int DEFAULT_EVAL_EPISODES = 10;
  public static final int DEFAULT_SAVE_INTERVAL = ModelCheckpoints.DEFAULT_SAVE_INTERVAL;
  public static final int DEFAULT_OMP_THREADS_PER_TASK = 1;

  /** The defaults. */
  public static final JobSettings DEFAULTS =
      new JobSettings(
          DEFAULT_WORKERS,
          DEFAULT_AVERAGING_FREQUENCY,
          DEFAULT_WORKER_BATCH_SIZE,
          DEFAULT_RETURNS_EVERY,
          DEFAULT_VALIDATION,
          DEFAULT_QUARANTINE_DIR,
          DEFAULT_SEED,
          DEFAULT_EVAL_ENV,
          DEFAULT_EVAL_EPISODES,
          DEFAULT_SAVE_INTERVAL,
          DEFAULT_OMP_THREADS_PER_TASK);

  /**
   * Checks every rule; one check per rule, the message naming the key and the value.
   *
   * @throws IllegalArgumentException if a value breaks its rule
   */
  public JobSettings {
    atLeastOne(KEY_WORKERS, workers);
    atLeastOne(KEY_AVERAGING_FREQUENCY, averagingFrequency);
    if (workerBatchSize != null) {
      atLeastOne(KEY_WORKER_BATCH_SIZE, workerBatchSize);
    }
    Objects.requireNonNull(returnsEvery, KEY_RETURNS_EVERY);
    Objects.requireNonNull(validation, KEY_VALIDATION);
    if (quarantineDir != null && quarantineDir.isBlank()) {
      throw new IllegalArgumentException(KEY_QUARANTINE_DIR + " must not be blank, got ''");
    }
    if (evalEnv != null && !Environments.NAMES.contains(evalEnv)) {
      throw new IllegalArgumentException(
          KEY_EVAL_ENV
              + " must be one of "
              + String.join(", ", Environments.NAMES)
              + ", got '"
              + evalEnv
              + "'");
    }
    atLeastOne(KEY_EVAL_EPISODES, evalEpisodes);
    atLeastOne(KEY_SAVE_INTERVAL, saveInterval);
    atLeastOne(KEY_OMP_THREADS_PER_TASK, ompThreadsPerTask);
  }

  private static void atLeastOne(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be >= 1, got " + value);
    }
  }

  /**
   * One worker's mini-batch for a configuration.
   *
   * @param config the hyperparameters
   * @return {@link #workerBatchSize} if set, otherwise {@code batch_size_per_update}
   */
  public int effectiveWorkerBatchSize(AwrConfig config) {
    return workerBatchSize != null ? workerBatchSize : config.batchSizePerUpdate();
  }

  /**
   * The quarantine folder for an output directory.
   *
   * @param outputDir the job's output directory (a path or URI)
   * @return {@link #quarantineDir} if set, otherwise {@code <outputDir>/quarantine}
   */
  public String effectiveQuarantineDir(String outputDir) {
    if (quarantineDir != null) {
      return quarantineDir;
    }
    return (outputDir.endsWith("/") ? outputDir : outputDir + "/") + QUARANTINE_DIR_NAME;
  }

  /**
   * The settings as text, for provenance: every key; unset optional ones as {@code ""}.
   *
   * @return key to value, in {@link #KEYS} order
   */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(KEY_WORKERS, Integer.toString(workers));
    m.put(KEY_AVERAGING_FREQUENCY, Integer.toString(averagingFrequency));
    m.put(KEY_WORKER_BATCH_SIZE, workerBatchSize == null ? "" : workerBatchSize.toString());
    m.put(KEY_RETURNS_EVERY, returnsEvery.toString());
    m.put(KEY_VALIDATION, validation.name().toLowerCase(Locale.ROOT));
    m.put(KEY_QUARANTINE_DIR, quarantineDir == null ? "" : quarantineDir);
    m.put(KEY_SEED, Long.toString(seed));
    m.put(KEY_EVAL_ENV, evalEnv == null ? "" : evalEnv);
    m.put(KEY_EVAL_EPISODES, Integer.toString(evalEpisodes));
    m.put(KEY_SAVE_INTERVAL, Integer.toString(saveInterval));
    m.put(KEY_OMP_THREADS_PER_TASK, Integer.toString(ompThreadsPerTask));
    return m;
  }

  /**
   * These settings with one key set from its text form, as it appears in a file, {@code --set} or
   * the Spark conf. The empty text resets an optional key ({@value #KEY_WORKER_BATCH_SIZE}, {@value
   * #KEY_QUARANTINE_DIR}, {@value #KEY_EVAL_ENV}) to its default.
   *
   * @param key a job setting key (without {@code job.})
   * @param text the value's text
   * @return a copy with the key replaced
   * @throws IllegalArgumentException for an unknown key or a value that is mistyped or breaks its
   *     rule, naming the key and the value
   */
  public JobSettings with(String key, String text) {
    String t = text.strip();
    try {
      return switch (key) {
        case KEY_WORKERS -> copy(b -> b.workers = integer(t));
        case KEY_AVERAGING_FREQUENCY -> copy(b -> b.averagingFrequency = integer(t));
        case KEY_WORKER_BATCH_SIZE ->
            copy(b -> b.workerBatchSize = t.isEmpty() ? null : integer(t));
        case KEY_RETURNS_EVERY -> copy(b -> b.returnsEvery = ReturnsSchedule.parse(t));
        case KEY_VALIDATION -> copy(b -> b.validation = validationMode(t));
        case KEY_QUARANTINE_DIR -> copy(b -> b.quarantineDir = t.isEmpty() ? null : t);
        case KEY_SEED -> copy(b -> b.seed = Long.parseLong(t));
        case KEY_EVAL_ENV -> copy(b -> b.evalEnv = t.isEmpty() ? null : t.toLowerCase(Locale.ROOT));
        case KEY_EVAL_EPISODES -> copy(b -> b.evalEpisodes = integer(t));
        case KEY_SAVE_INTERVAL -> copy(b -> b.saveInterval = integer(t));
        case KEY_OMP_THREADS_PER_TASK -> copy(b -> b.ompThreadsPerTask = integer(t));
        default ->
            throw new IllegalArgumentException(
                "unknown job setting '" + key + "' (known: " + String.join(", ", KEYS) + ")");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + text + "'", e);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      throw new IllegalArgumentException(
          message.startsWith(key) || message.startsWith("unknown") ? message : key + " " + message,
          e);
    }
  }

  private static int integer(String t) {
    return Integer.parseInt(t);
  }

  private static ValidationMode validationMode(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "strict" -> ValidationMode.STRICT;
      case "quarantine" -> ValidationMode.QUARANTINE;
      default ->
          throw new IllegalArgumentException(
              "must be \"strict\" or \"quarantine\", got '" + t + "'");
    };
  }

  /** Mutable fields for {@link #with}: copy, change one, rebuild (and so re-check). */
  private static final class Fields {
    int workers;
    int averagingFrequency;
    Integer workerBatchSize;
    ReturnsSchedule returnsEvery;
    ValidationMode validation;
    String quarantineDir;
    long seed;
    String evalEnv;
    int evalEpisodes;
    int saveInterval;
    int ompThreadsPerTask;
  }

  private JobSettings copy(java.util.function.Consumer<Fields> change) {
    Fields f = new Fields();
    f.workers = workers;
    f.averagingFrequency = averagingFrequency;
    f.workerBatchSize = workerBatchSize;
    f.returnsEvery = returnsEvery;
    f.validation = validation;
    f.quarantineDir = quarantineDir;
    f.seed = seed;
    f.evalEnv = evalEnv;
    f.evalEpisodes = evalEpisodes;
    f.saveInterval = saveInterval;
    f.ompThreadsPerTask = ompThreadsPerTask;
    change.accept(f);
    return new JobSettings(
        f.workers,
        f.averagingFrequency,
        f.workerBatchSize,
        f.returnsEvery,
        f.validation,
        f.quarantineDir,
        f.seed,
        f.evalEnv,
        f.evalEpisodes,
        f.saveInterval,
        f.ompThreadsPerTask);
  }
}
