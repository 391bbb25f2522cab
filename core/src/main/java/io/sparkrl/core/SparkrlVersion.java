package io.sparkrl.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions this build of sparkrl was made with, for provenance and {@code sparkrl version}. */
public final class SparkrlVersion {

  private static final String RESOURCE = "sparkrl.properties";
  private static final Properties PROPERTIES = load();

  private SparkrlVersion() {}

  /** sparkrl's own version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String sparkrl() {
    return PROPERTIES.getProperty("sparkrl.version");
  }

  /** The Spark version sparkrl was built against (the cluster's may differ in the patch level). */
  public static String sparkBuild() {
    return PROPERTIES.getProperty("spark.version");
  }

  /** The Deeplearning4j / ND4J version. */
  public static String dl4j() {
    return PROPERTIES.getProperty("dl4j.version");
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = SparkrlVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE + " beside SparkrlVersion");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return p;
  }
}
