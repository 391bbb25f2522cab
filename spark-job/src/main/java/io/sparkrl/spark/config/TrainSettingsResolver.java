package io.sparkrl.spark.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.AwrConfigParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a training run's settings from its four sources. For each key the first source that sets
 * it wins:
 *
 * <ol>
 *   <li>the command line: {@code --set key=value}, in order (a later {@code --set} of the same key
 *       wins);
 *   <li>the Spark configuration: {@code spark.sparkrl.<key>} (e.g. {@code spark-submit --conf
 *       spark.sparkrl.gamma=0.9});
 *   <li>the configuration file ({@code --config conf/x.json});
 *   <li>the defaults: d3rlpy v0.23's for hyperparameters ({@link AwrConfig}), {@link
 *       JobSettings#DEFAULTS} for job settings.
 * </ol>
 *
 * <p>A {@code key} is a hyperparameter key ({@code gamma}, {@code encoder_params}, …) or a job
 * setting as {@code job.<key>} ({@code job.workers}); values are text, read as JSON where they are
 * JSON ({@code 0.9}, {@code [64,64]}) and as a string otherwise ({@code scaler=pixel}).
 *
 * <p>The configuration file is a JSON object whose top-level keys are hyperparameter keys, parsed
 * by {@link AwrConfigParser} (so a d3rlpy {@code params.json} is a valid file; its {@code
 * observation_shape} and {@code action_size} are ignored, as the dataset gives them), plus an
 * optional {@value #FILE_JOB_SECTION} object of job settings (keys without {@code job.}) and an
 * optional {@value #FILE_SPARK_SECTION} object of {@code spark.*} properties, which are only
 * defaults for the session ({@link TrainSettings#applySparkDefaults}).
 *
 * <p>An unknown key in any source, or a value that is mistyped or breaks its rule, throws {@link
 * IllegalArgumentException} naming the key, the value and where it came from (the file's path,
 * {@code --set} or the Spark conf).
 */
public final class TrainSettingsResolver {

  /** The Spark configuration prefix of sparkrl settings. */
  public static final String SPARK_CONF_PREFIX = "spark.sparkrl.";

  /** The prefix of job settings on the command line and in the Spark conf. */
  public static final String JOB_PREFIX = "job.";

  /** The configuration file's object of job settings. */
  public static final String FILE_JOB_SECTION = "job";

  /** The configuration file's object of Spark properties. */
  public static final String FILE_SPARK_SECTION = "spark";

  private static final String SET_SOURCE = "--set";
  private static final String SPARK_SOURCE = "the Spark conf";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private TrainSettingsResolver() {}

  /**
   * Resolves settings with an optional configuration file on the local file system.
   *
   * @param configFile the {@code --config} file, or null for none
   * @param sparkConf the Spark configuration's entries (only {@value #SPARK_CONF_PREFIX}* keys are
   *     read)
   * @param sets the {@code --set} options as {@code key=value} strings, in command-line order
   * @return the resolved settings
   * @throws IllegalArgumentException for an unknown key or an invalid value, naming its source
   * @throws UncheckedIOException if the file cannot be read
   */
  public static TrainSettings resolve(
      Path configFile, Map<String, String> sparkConf, List<String> sets) {
    if (configFile == null) {
      return resolve("{}", "(no configuration file)", sparkConf, sets);
    }
    String json;
    try {
      json = Files.readString(configFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration file " + configFile, e);
    }
    return resolve(json, configFile.toString(), sparkConf, sets);
  }

  /**
   * Resolves settings from the configuration file's text.
   *
   * @param configJson the configuration file's content
   * @param configSource the file's name for messages
   * @param sparkConf the Spark configuration's entries
   * @param sets the {@code --set} options as {@code key=value} strings
   * @return the resolved settings
   * @throws IllegalArgumentException for an unknown key or an invalid value, naming its source
   */
  public static TrainSettings resolve(
      String configJson, String configSource, Map<String, String> sparkConf, List<String> sets) {
    ObjectNode file = parseFile(configJson, configSource);
    JsonNode jobNode = file.remove(FILE_JOB_SECTION);
    JsonNode sparkNode = file.remove(FILE_SPARK_SECTION);
    AwrConfig config;
    try {
      config = AwrConfigParser.readParams(file.toString()).config();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(configSource + ": " + e.getMessage(), e);
    }
    JobSettings job = JobSettings.DEFAULTS;
    for (Map.Entry<String, String> e :
        section(jobNode, configSource, FILE_JOB_SECTION).entrySet()) {
      job = withJob(job, e.getKey(), e.getValue(), configSource + " \"job\"");
    }
    Map<String, String> sparkProperties = section(sparkNode, configSource, FILE_SPARK_SECTION);
    sparkProperties.forEach((key, value) -> checkSparkProperty(key, configSource));

    // Lower precedence first, so each later source overwrites: Spark conf, then --set.
    Map<String, String> hyper = new LinkedHashMap<>();
    Map<String, String> hyperSource = new LinkedHashMap<>();
    Map<String, String> fromSpark = new LinkedHashMap<>();
    sparkConf.forEach(
        (key, value) -> {
          if (key.startsWith(SPARK_CONF_PREFIX)) {
            fromSpark.put(key.substring(SPARK_CONF_PREFIX.length()), value);
          }
        });
    for (Map.Entry<String, String> e : fromSpark.entrySet()) {
      String source = SPARK_SOURCE + " " + SPARK_CONF_PREFIX + e.getKey();
      job = override(job, hyper, hyperSource, e.getKey(), e.getValue(), source);
    }
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            SET_SOURCE + " " + set + ": expected key=value, e.g. --set gamma=0.9");
      }
      String key = set.substring(0, eq).strip();
      job = override(job, hyper, hyperSource, key, set.substring(eq + 1), SET_SOURCE + " " + set);
    }
    if (!hyper.isEmpty()) {
      try {
        config = AwrConfigParser.withOverrides(config, hyper);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(blame(e.getMessage(), hyperSource, configSource), e);
      }
    }
    if (job.workerBatchSize() != null && job.workerBatchSize() > config.batchSize()) {
      throw new IllegalArgumentException(
          JOB_PREFIX
              + JobSettings.KEY_WORKER_BATCH_SIZE
              + " "
              + job.workerBatchSize()
              + " exceeds batch_size "
              + config.batchSize());
    }
    return new TrainSettings(config, job, sparkProperties);
  }

  private static JobSettings override(
      JobSettings job,
      Map<String, String> hyper,
      Map<String, String> hyperSource,
      String key,
      String value,
      String source) {
    if (key.startsWith(JOB_PREFIX)) {
      return withJob(job, key.substring(JOB_PREFIX.length()), value, source);
    }
    if (!AwrConfig.KEYS.contains(key)) {
      String hint =
          JobSettings.KEYS.contains(key)
              ? "; job settings take the prefix '" + JOB_PREFIX + "': " + JOB_PREFIX + key
              : "; known keys: "
                  + String.join(", ", AwrConfig.KEYS)
                  + " and job."
                  + JobSettings.KEYS;
      throw new IllegalArgumentException(source + ": unknown key '" + key + "'" + hint);
    }
    hyper.put(key, value);
    hyperSource.put(key, source);
    return job;
  }

  private static JobSettings withJob(JobSettings job, String key, String value, String source) {
    try {
      return job.with(key, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static void checkSparkProperty(String key, String configSource) {
    if (!key.startsWith("spark.")) {
      throw new IllegalArgumentException(
          configSource + " \"spark\": '" + key + "' is not a Spark property (spark.*)");
    }
    if (key.startsWith(SPARK_CONF_PREFIX)) {
      throw new IllegalArgumentException(
          configSource
              + " \"spark\": '"
              + key
              + "' belongs at the top level (hyperparameters) or in \"job\", not in \"spark\"");
    }
  }

  /** Names the source of the overridden key that the parser's message is about. */
  private static String blame(String message, Map<String, String> hyperSource, String file) {
    for (Map.Entry<String, String> e : hyperSource.entrySet()) {
      if (message.startsWith(e.getKey())) {
        return e.getValue() + ": " + message;
      }
    }
    return message + " (after overriding " + file + " with " + hyperSource.values() + ")";
  }

  private static ObjectNode parseFile(String json, String source) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": invalid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(source + ": must be a JSON object, got " + node);
    }
    return (ObjectNode) node;
  }

  /** A section's scalar values as text; null and absent sections are empty. */
  private static Map<String, String> section(JsonNode node, String source, String name) {
    Map<String, String> values = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          source + ": \"" + name + "\" must be an object, got " + node);
    }
    node.fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              if (!v.isValueNode() || v.isNull()) {
                throw new IllegalArgumentException(
                    source
                        + " \""
                        + name
                        + "\": "
                        + e.getKey()
                        + " must be a string, number or boolean, got "
                        + v);
              }
              values.put(e.getKey(), v.asText());
            });
    return values;
  }
}
