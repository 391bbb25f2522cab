package io.sparkrl.spark.train;

import java.time.Duration;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.Utils;

/**
 * Checks before training that a group's K barrier tasks can run: Spark refuses barrier stages under
 * dynamic allocation, and a barrier stage needs K free task slots at once (otherwise Spark retries
 * its check for about ten minutes before failing the job). Executors of a cluster register after
 * the session starts, so the check waits a while for them.
 */
final class BarrierSlots {

  /** How long to wait for enough executors to register. */
  static final Duration REGISTRATION_WAIT = Duration.ofSeconds(60);

  private static final long POLL_MILLIS = 250;

  private BarrierSlots() {}

  /**
   * @throws IllegalArgumentException if dynamic allocation is on, or fewer than {@code workers}
   *     task slots registered in time
   */
  static void requireUsable(SparkSession spark, int workers) {
    SparkContext sc = spark.sparkContext();
    if (Utils.isDynamicAllocationEnabled(sc.getConf())) {
      throw new IllegalArgumentException(
          "job.workers: the workers run as a Spark barrier stage, which Spark does not allow with"
              + " dynamic allocation; set spark.dynamicAllocation.enabled=false and give the"
              + " application at least "
              + workers
              + " task slots");
    }
    // a local master has all its slots from the start; a cluster's executors register over time
    long waitNanos = sc.isLocal() ? 0 : REGISTRATION_WAIT.toNanos();
    long start = System.nanoTime();
    int slots = slots(sc);
    while (slots < workers && System.nanoTime() - start < waitNanos) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      slots = slots(sc);
    }
    if (slots < workers) {
      throw new IllegalArgumentException(
          "job.workers "
              + workers
              + " needs "
              + workers
              + " task slots at once (the workers run as one Spark barrier stage), but the"
              + " application has "
              + slots
              + (sc.isLocal() ? "" : " after " + REGISTRATION_WAIT.toSeconds() + " s")
              + "; lower job.workers, give it more executors or cores, or set job.sync=jobs");
    }
  }

  private static int slots(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }
}
