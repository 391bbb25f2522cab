package io.sparkrl.spark.train;

import java.util.Locale;

/**
 * How the workers of a group synchronise on Spark. Both compute the same floats (the same {@link
 * io.sparkrl.core.train.TreeMean} of the same states); they differ in cost and in what the cluster
 * must allow.
 */
public enum SyncMode {
  /**
   * One Spark barrier stage per group: its K tasks run at once and exchange their states among
   * themselves over TCP after every period (the default: a few milliseconds per synchronisation).
   * Needs K free task slots at once and no dynamic allocation.
   */
  BARRIER,
  /**
   * One Spark job per synchronisation period: the driver collects the K states, averages them and
   * broadcasts the mean (tens of milliseconds of scheduling per period). Works under dynamic
   * allocation and with fewer slots than workers.
   */
  JOBS;

  /** The setting's text: the lower-case name. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The mode named {@code text} (case-insensitive).
   *
   * @throws IllegalArgumentException for another name
   */
  public static SyncMode fromJsonName(String text) {
    for (SyncMode m : values()) {
      if (m.jsonName().equalsIgnoreCase(text.strip())) {
        return m;
      }
    }
    throw new IllegalArgumentException("must be barrier or jobs, got '" + text + "'");
  }
}
