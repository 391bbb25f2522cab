package io.sparkrl.spark.retrain;

import io.sparkrl.spark.cli.ExitCodes;

/**
 * What a retrain decided.
 *
 * @param published true if the challenger was published as the new champion, false if the champion
 *     was kept
 * @param repeated true if an identical retrain had already decided, so nothing was trained or
 *     written now
 * @param version the published version, or the kept champion's (null if there is none)
 * @param reason the gate's reason in words
 * @param runDirectory the challenger's run directory (null for a repeat)
 * @param report the comparison report's path (null for a repeat)
 */
public record RetrainOutcome(
    boolean published,
    boolean repeated,
    Integer version,
    String reason,
    String runDirectory,
    String report) {

  /** {@link ExitCodes#OK} when published, {@link ExitCodes#CHAMPION_KEPT} when kept. */
  public int exitCode() {
    return published ? ExitCodes.OK : ExitCodes.CHAMPION_KEPT;
  }
}
