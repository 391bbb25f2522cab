package io.sparkrl.spark.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.AwrConfigParser;
import io.sparkrl.core.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
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
 *   <li>the defaults: d3rlpy v0.23's for hyperparameters ({@link
 *       io.sparkrl.core.config.AwrConfigKeys}), {@link JobSettingKeys} for job settings.
 * </ol>
 *
 * <p>The sources are merged once, as JSON trees: the file's tree, then each Spark conf entry, then
 * each {@code --set}, every key remembering the source that set it last. The merged hyperparameters
 * are then parsed once by {@link AwrConfigParser} and the merged job settings once by {@link
 * JobSettings#fromJson}; a {@link ConfigException} names its key, and the message is prefixed with
 * that key's source.
 *
 * <p>A {@code key} is a hyperparameter key ({@code gamma}, {@code encoder_params}, …) or a job
 * setting as {@code job.<key>} ({@code job.workers}); text values are read as JSON where they are
 * JSON ({@code 0.9}, {@code [64,64]}) and as a string otherwise ({@code scaler=pixel}); an empty
 * value resets a key to its default.
 *
 * <p>The configuration file is a JSON object whose top-level keys are hyperparameter keys (so a
 * d3rlpy {@code params.json} is a valid file; its {@code observation_shape} and {@code action_size}
 * are checked and ignored, as the dataset gives them), plus an optional {@value #FILE_JOB_SECTION}
 * object of job settings (keys without {@code job.}) and an optional {@value #FILE_SPARK_SECTION}
 * object of {@code spark.*} properties, which are only defaults for the session ({@link
 * TrainSettings#applySparkDefaults}).
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
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private TrainSettingsResolver() {}

  /**
   * Resolves settings with an optional configuration file on the local file system.
   *
   * @param configFile the {@code --config} file, or null for none
   * @param sparkConf the Spark configuration's entries (only {@value #SPARK_CONF_PREFIX}* keys are
   *     read)
   * @param sets the {@code --set} options as {@code key=value} strings, in command-line order
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
   * @throws IllegalArgumentException for an unknown key or an invalid value, naming its source
   */
  public static TrainSettings resolve(
      String configJson, String configSource, Map<String, String> sparkConf, List<String> sets) {
    Merged merged = new Merged(parseFile(configJson, configSource), configSource);
    sparkConf.forEach(
        (key, value) -> {
          if (key.startsWith(SPARK_CONF_PREFIX)) {
            merged.put(key.substring(SPARK_CONF_PREFIX.length()), value, SPARK_SOURCE + " " + key);
          }
        });
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            SET_SOURCE + " " + set + ": expected key=value, e.g. --set gamma=0.9");
      }
      merged.put(set.substring(0, eq).strip(), set.substring(eq + 1), SET_SOURCE + " " + set);
    }
    AwrConfig config;
    try {
      config = AwrConfigParser.readParams(merged.hyper).config();
    } catch (ConfigException e) {
      throw merged.blame(e.topLevelKey(), e);
    }
    JobSettings job;
    try {
      job = JobSettings.fromJson(merged.job);
    } catch (ConfigException e) {
      throw merged.blame(JOB_PREFIX + e.topLevelKey(), e);
    }
    if (job.workerBatchSize() != null && job.workerBatchSize() > config.batchSize()) {
      throw merged.blame(
          JOB_PREFIX + JobSettingKeys.WORKER_BATCH_SIZE.name(),
          new ConfigException(
              JobSettingKeys.WORKER_BATCH_SIZE.name(),
              JobSettingKeys.WORKER_BATCH_SIZE.name()
                  + " "
                  + job.workerBatchSize()
                  + " exceeds batch_size "
                  + config.batchSize()));
    }
    return new TrainSettings(config, job, merged.sparkProperties);
  }

  /** The sources merged into one tree of hyperparameters and one of job settings. */
  private static final class Merged {
    final ObjectNode hyper;
    final ObjectNode job;
    final Map<String, String> sparkProperties;
    final Map<String, String> sources = new HashMap<>();
    final String file;

    Merged(ObjectNode file, String source) {
      this.file = source;
      JsonNode jobNode = file.remove(FILE_JOB_SECTION);
      JsonNode sparkNode = file.remove(FILE_SPARK_SECTION);
      this.hyper = file;
      file.fieldNames().forEachRemaining(k -> sources.put(k, source));
      this.job = section(jobNode, source, FILE_JOB_SECTION);
      job.fieldNames().forEachRemaining(k -> sources.put(JOB_PREFIX + k, source + " \"job\""));
      this.sparkProperties =
          sparkProperties(section(sparkNode, source, FILE_SPARK_SECTION), source);
    }

    void put(String key, String text, String source) {
      JsonNode value = parseValue(text);
      if (key.startsWith(JOB_PREFIX)) {
        job.set(key.substring(JOB_PREFIX.length()), value);
      } else if (AwrConfig.KEYS.contains(key)) {
        hyper.set(key, value);
      } else {
        String hint =
            JobSettingKeys.NAMES.contains(key)
                ? "; job settings take the prefix '" + JOB_PREFIX + "': " + JOB_PREFIX + key
                : "; known keys: "
                    + String.join(", ", AwrConfig.KEYS)
                    + " and job."
                    + JobSettingKeys.NAMES;
        throw new IllegalArgumentException(source + ": unknown key '" + key + "'" + hint);
      }
      sources.put(key, source);
    }

    IllegalArgumentException blame(String key, ConfigException e) {
      return new IllegalArgumentException(
          sources.getOrDefault(key, file) + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode parseValue(String text) {
    if (text.isBlank()) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return JsonNodeFactory.instance.textNode(text.strip());
    }
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

  /** A section of the file: an object, or empty when absent or null. */
  private static ObjectNode section(JsonNode node, String source, String name) {
    if (node == null || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          source + ": \"" + name + "\" must be an object, got " + node);
    }
    return (ObjectNode) node;
  }

  private static Map<String, String> sparkProperties(ObjectNode spark, String source) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = spark.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (!key.startsWith("spark.")) {
        throw new IllegalArgumentException(
            source + " \"spark\": '" + key + "' is not a Spark property (spark.*)");
      }
      if (key.startsWith(SPARK_CONF_PREFIX)) {
        throw new IllegalArgumentException(
            source
                + " \"spark\": '"
                + key
                + "' belongs at the top level (hyperparameters) or in \"job\", not in \"spark\"");
      }
      JsonNode v = e.getValue();
      if (!v.isValueNode() || v.isNull()) {
        throw new IllegalArgumentException(
            source + " \"spark\": " + key + " must be a string, number or boolean, got " + v);
      }
      out.put(key, v.asText());
    }
    return out;
  }
}
