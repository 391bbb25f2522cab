package io.sparkrl.spark.provenance;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The Spark side of a run's provenance: application id, master and the {@code spark.*} properties,
 * with the values of secret-looking keys replaced by {@link #REDACTED}.
 *
 * @param appId the Spark application id
 * @param master the master URL ({@code local[2]}, {@code yarn}, {@code k8s://…}, …)
 * @param properties {@code spark.*} properties, sorted by key, secrets redacted
 */
public record SparkSettings(String appId, String master, Map<String, String> properties) {

  /** The value recorded in place of a secret, as Spark's UI shows it. */
  public static final String REDACTED = "*********(redacted)";

  /** Key fragments (case-insensitive) whose values are never recorded. */
  public static final List<String> SECRET_FRAGMENTS = List.of("secret", "password", "token", "key");

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
   * Settings from plain values: keeps the keys that start with {@code spark.} and redacts secrets.
   *
   * @param appId the application id
   * @param master the master URL
   * @param conf all configuration entries
   * @return the settings to record
   */
  public static SparkSettings of(String appId, String master, Map<String, String> conf) {
    Map<String, String> kept = new TreeMap<>();
    conf.forEach(
        (key, value) -> {
          if (key.startsWith("spark.")) {
            kept.put(key, isSecret(key) ? REDACTED : value);
          }
        });
    return new SparkSettings(appId, master, kept);
  }

  /**
   * Whether a key's value must not be recorded.
   *
   * @param key a configuration key
   * @return true if it contains one of {@link #SECRET_FRAGMENTS}, ignoring case
   */
  public static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    for (String fragment : SECRET_FRAGMENTS) {
      if (lower.contains(fragment)) {
        return true;
      }
    }
    return false;
  }
}
