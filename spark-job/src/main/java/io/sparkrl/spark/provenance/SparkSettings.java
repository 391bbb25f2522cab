package io.sparkrl.spark.provenance;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The Spark side of a run's provenance: application id, master and the {@code spark.*} properties,
 * with secrets replaced by {@link #REDACTED} as {@link Redaction} decides from the same
 * configuration (Spark's {@code spark.redaction.regex}, option lists, environment variables, URI
 * credentials).
 *
 * @param appId the Spark application id
 * @param master the master URL ({@code local[2]}, {@code yarn}, {@code k8s://…}, …)
 * @param properties {@code spark.*} properties, sorted by key, secrets redacted
 */
public record SparkSettings(String appId, String master, Map<String, String> properties) {

  /** The value recorded in place of a secret, as Spark's UI shows it. */
  public static final String REDACTED = Redaction.REDACTED;

  /** The prefix of the properties kept. */
  public static final String SPARK_PREFIX = "spark.";

  /**
   * Copies the properties into a sorted, unmodifiable map.
   *
   * @throws NullPointerException if an argument is null
   */
  public SparkSettings {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(master, "master");
    properties = Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  /**
   * The settings of a running session.
   *
   * @param spark the session
   * @return its id, master and redacted {@code spark.*} properties
   */
  public static SparkSettings of(SparkSession spark) {
    Map<String, String> conf = new TreeMap<>();
    for (Tuple2<String, String> entry : spark.sparkContext().getConf().getAll()) {
      conf.put(entry._1(), entry._2());
    }
    return of(spark.sparkContext().applicationId(), spark.sparkContext().master(), conf);
  }

  /**
   * Settings from plain values: keeps the keys that start with {@value #SPARK_PREFIX} and redacts
   * them with the {@link Redaction} of {@code conf}.
   *
   * @param appId the application id
   * @param master the master URL
   * @param conf all configuration entries
   * @return the settings to record
   * @throws IllegalArgumentException if the configuration's redaction regex does not compile
   */
  public static SparkSettings of(String appId, String master, Map<String, String> conf) {
    return of(appId, master, conf, Redaction.of(conf));
  }

  /**
   * Settings from plain values, redacted with a given redaction.
   *
   * @param appId the application id
   * @param master the master URL
   * @param conf all configuration entries
   * @param redaction what removes the secrets
   * @return the settings to record
   */
  public static SparkSettings of(
      String appId, String master, Map<String, String> conf, Redaction redaction) {
    Map<String, String> kept = new TreeMap<>();
    conf.forEach(
        (key, value) -> {
          if (key.startsWith(SPARK_PREFIX)) {
            kept.put(key, value);
          }
        });
    return new SparkSettings(appId, redaction.text(master), redaction.properties(kept));
  }

  /**
   * These settings with a redaction applied again: {@code run.json} is always written through one.
   *
   * @param redaction what removes the secrets
   * @return a copy with the master and the property values redacted
   */
  public SparkSettings redacted(Redaction redaction) {
    return new SparkSettings(appId, redaction.text(master), redaction.properties(properties));
  }
}
