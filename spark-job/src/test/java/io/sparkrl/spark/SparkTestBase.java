package io.sparkrl.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One {@code local[2]} Spark session per test class: UI off, loopback host, few shuffle partitions,
 * stopped and cleared after the class so the next class starts clean.
 */
public abstract class SparkTestBase {

  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = localSession().getOrCreate();
  }

  /**
   * The builder of the shared test session's settings, for a test class that must add its own (such
   * as {@code spark.hadoop.*} for a server it starts first) and so manages the session itself with
   * {@link #stopSession}.
   */
  public static SparkSession.Builder localSession() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("sparkrl-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", SparkrlKryoRegistrator.REGISTRATORS);
  }

  @AfterAll
  static void stopSpark() {
    stopSession(spark);
    spark = null;
  }

  /** Stops a session (if any) and clears the active and default sessions. */
  public static void stopSession(SparkSession session) {
    if (session != null) {
      session.stop();
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
