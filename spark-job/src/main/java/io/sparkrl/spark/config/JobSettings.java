package io.sparkrl.spark.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.ConfigException;
import io.sparkrl.core.config.ConfigKey;
import io.sparkrl.core.train.ParallelMode;
import io.sparkrl.core.train.TrainingSchedule;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.spark.train.SyncMode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the Spark job runs the algorithm, beside its hyperparameters ({@link AwrConfig}). The keys,
 * their types, defaults, rules and descriptions are the table {@link JobSettingKeys}; they sit in
 * the configuration file's {@code "job"} object and are written {@code job.<key>} on the command
 * line and in the Spark conf. Every value is checked with its key's rule on construction.
 *
 * @param workers number of data-parallel workers
 * @param parallelMode how the workers share an epoch's work
 * @param averagingFrequency SGD steps between parameter averages
 * @param workerBatchSize one worker's mini-batch, or null for {@code batch_size_per_update}
 * @param returnsEvery when the returns are recomputed
 * @param validation what happens to invalid episodes
 * @param quarantineDir where rejected episodes go, or null for {@code <output>/quarantine}
 * @param seed the random seed
 * @param evalEnv the lower-case evaluation environment name, or null for none
 * @param evalEpisodes episodes per evaluation
 * @param holdoutFraction the share of episodes held out for the dataset scorers
 * @param scorers the dataset scorers' names
 * @param saveInterval epochs between model saves
 * @param ompThreadsPerTask OpenMP threads per task
 * @param tensorboard whether TensorBoard event files are written
 * @param sync how the workers synchronise
 * @param groupsPerStage consecutive groups per barrier stage
 * @param maxGroupAttempts runs of a failed group before the training fails
 * @param syncTimeout seconds a worker waits for a peer
 * @param rendezvousPort the driver's rendezvous port, 0 for any
 */
public record JobSettings(
    int workers,
    ParallelMode parallelMode,
    int averagingFrequency,
    Integer workerBatchSize,
    ReturnsSchedule returnsEvery,
    ValidationMode validation,
    String quarantineDir,
    long seed,
    String evalEnv,
    int evalEpisodes,
    double holdoutFraction,
    List<String> scorers,
    int saveInterval,
    int ompThreadsPerTask,
    boolean tensorboard,
    SyncMode sync,
    int groupsPerStage,
    int maxGroupAttempts,
    int syncTimeout,
    int rendezvousPort) {

  /** The quarantine folder's name inside the output directory when none is given. */
  public static final String QUARANTINE_DIR_NAME = "quarantine";

  /** The defaults. */
  public static final JobSettings DEFAULTS = fromJson(JsonNodeFactory.instance.objectNode());

  /**
   * Checks every value with its key's rule.
   *
   * @throws ConfigException naming the key and the value of the first broken rule
   */
  public JobSettings {
    JobSettingKeys.WORKERS.check(workers);
    JobSettingKeys.PARALLEL_MODE_KEY.check(parallelMode);
    JobSettingKeys.AVERAGING_FREQUENCY.check(averagingFrequency);
    JobSettingKeys.WORKER_BATCH_SIZE.check(workerBatchSize);
    JobSettingKeys.RETURNS_EVERY.check(returnsEvery);
    JobSettingKeys.VALIDATION.check(validation);
    JobSettingKeys.QUARANTINE_DIR.check(quarantineDir);
    JobSettingKeys.SEED.check(seed);
    JobSettingKeys.EVAL_ENV.check(evalEnv);
    JobSettingKeys.EVAL_EPISODES.check(evalEpisodes);
    JobSettingKeys.HOLDOUT_FRACTION.check(holdoutFraction);
    JobSettingKeys.SCORERS.check(scorers);
    scorers = List.copyOf(scorers);
    JobSettingKeys.SAVE_INTERVAL.check(saveInterval);
    JobSettingKeys.OMP_THREADS_PER_TASK.check(ompThreadsPerTask);
    JobSettingKeys.TENSORBOARD.check(tensorboard);
    JobSettingKeys.SYNC.check(sync);
    JobSettingKeys.GROUPS_PER_STAGE.check(groupsPerStage);
    JobSettingKeys.MAX_GROUP_ATTEMPTS.check(maxGroupAttempts);
    JobSettingKeys.SYNC_TIMEOUT.check(syncTimeout);
    JobSettingKeys.RENDEZVOUS_PORT.check(rendezvousPort);
  }

  /**
   * The settings of a JSON object of job keys (without {@code job.}); absent keys and JSON null
   * take their defaults.
   *
   * @throws ConfigException for an unknown key, a mistyped value or a broken rule, naming the key
   */
  public static JobSettings fromJson(JsonNode job) {
    if (!job.isObject()) {
      throw new ConfigException("job", "job: must be an object, got " + job);
    }
    for (Iterator<String> it = job.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (JobSettingKeys.byName(key) == null) {
        throw new ConfigException(
            key,
            "unknown job setting '"
                + key
                + "' (known: "
                + String.join(", ", JobSettingKeys.NAMES)
                + ")");
      }
    }
    return new JobSettings(
        read(JobSettingKeys.WORKERS, job),
        read(JobSettingKeys.PARALLEL_MODE_KEY, job),
        read(JobSettingKeys.AVERAGING_FREQUENCY, job),
        read(JobSettingKeys.WORKER_BATCH_SIZE, job),
        read(JobSettingKeys.RETURNS_EVERY, job),
        read(JobSettingKeys.VALIDATION, job),
        read(JobSettingKeys.QUARANTINE_DIR, job),
        read(JobSettingKeys.SEED, job),
        read(JobSettingKeys.EVAL_ENV, job),
        read(JobSettingKeys.EVAL_EPISODES, job),
        read(JobSettingKeys.HOLDOUT_FRACTION, job),
        read(JobSettingKeys.SCORERS, job),
        read(JobSettingKeys.SAVE_INTERVAL, job),
        read(JobSettingKeys.OMP_THREADS_PER_TASK, job),
        read(JobSettingKeys.TENSORBOARD, job),
        read(JobSettingKeys.SYNC, job),
        read(JobSettingKeys.GROUPS_PER_STAGE, job),
        read(JobSettingKeys.MAX_GROUP_ATTEMPTS, job),
        read(JobSettingKeys.SYNC_TIMEOUT, job),
        read(JobSettingKeys.RENDEZVOUS_PORT, job));
  }

  private static <T> T read(ConfigKey<T> key, JsonNode job) {
    JsonNode v = job.get(key.name());
    return v == null || v.isNull() ? key.defaultValue() : key.read(job);
  }

  /** These settings as the JSON object {@link #fromJson} reads back (every key, in table order). */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (JobSettingKeys.Binding<?> b : JobSettingKeys.BINDINGS) {
      o.set(b.key().name(), b.write(this));
    }
    return o;
  }

  /**
   * The settings as text, for provenance: every key in table order; unset optional ones as {@code
   * ""}.
   */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    toJson()
        .fields()
        .forEachRemaining(
            e -> m.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    return m;
  }

  /**
   * One worker's mini-batch for a configuration.
   *
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
   * The training schedule of these settings for a configuration.
   *
   * @throws IllegalArgumentException if a worker's slice cannot hold its mini-batch
   */
  public TrainingSchedule schedule(AwrConfig config) {
    TrainingSchedule s =
        new TrainingSchedule(
            workers,
            parallelMode,
            returnsEvery.everyIterations(),
            averagingFrequency,
            effectiveWorkerBatchSize(config));
    s.check(config);
    return s;
  }

  /** Every job setting key, in documentation order. */
  public static List<String> keys() {
    return JobSettingKeys.NAMES;
  }
}
