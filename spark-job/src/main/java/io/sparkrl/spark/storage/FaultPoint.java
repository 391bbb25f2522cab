package io.sparkrl.spark.storage;

import java.time.Duration;
import org.apache.hadoop.conf.Configuration;

/**
 * A pause that fault tests put into an atomic write, so that a real {@code kill -9} can land at a
 * known point: with {@value #PAUSE_BEFORE_PUBLISH} set to a file name (as {@code --conf
 * spark.hadoop.sparkrl.fault.pause-before-publish=model_1.zip}), {@link
 * HadoopRunStorage#writeAtomically} stops for {@value #PAUSE_SECONDS} seconds (default {@value
 * #DEFAULT_PAUSE_SECONDS}) after the file's temporary copy is complete and before it is renamed to
 * that name. Unset, as in every normal run, it does nothing. Timing a kill by polling for the
 * temporary file instead would miss a write that takes milliseconds.
 */
final class FaultPoint {

  static final String PAUSE_BEFORE_PUBLISH = "sparkrl.fault.pause-before-publish";
  static final String PAUSE_SECONDS = "sparkrl.fault.pause-seconds";
  static final int DEFAULT_PAUSE_SECONDS = 120;

  private FaultPoint() {}

  static void beforePublish(Configuration conf, String name) {
    if (!name.equals(conf.get(PAUSE_BEFORE_PUBLISH))) {
      return;
    }
    Duration pause = Duration.ofSeconds(conf.getInt(PAUSE_SECONDS, DEFAULT_PAUSE_SECONDS));
    System.err.println("sparkrl: fault point: pausing " + pause + " before publishing " + name);
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
