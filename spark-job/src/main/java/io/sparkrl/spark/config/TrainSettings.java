package io.sparkrl.spark.config;

import io.sparkrl.core.config.AwrConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.SparkConf;

/**
 * Everything a training run is configured with, after {@link TrainSettingsResolver} has applied the
 * precedence of its sources.
 *
 * @param config the hyperparameters
 * @param job the job settings
 * @param sparkProperties the configuration file's {@code "spark"} object: {@code spark.*}
 *     properties to use when the session does not set them already
 */
public record TrainSettings(
    AwrConfig config, JobSettings job, Map<String, String> sparkProperties) {

  /**
   * Copies the Spark properties into an unmodifiable map, keeping their order.
   *
   * @throws NullPointerException if an argument is null
   */
  public TrainSettings {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(job, "job");
    sparkProperties = Collections.unmodifiableMap(new LinkedHashMap<>(sparkProperties));
  }

  /**
   * Adds the configuration file's Spark properties to a Spark configuration where it has no value
   * (so {@code spark-submit --conf} and {@code spark-defaults.conf} win over the file); call it
   * before building the session.
   *
   * @param conf the configuration to complete, e.g. {@code new SparkConf()} in the driver
   * @return {@code conf}, for chaining
   */
  public SparkConf applySparkDefaults(SparkConf conf) {
    sparkProperties.forEach(conf::setIfMissing);
    return conf;
  }
}
