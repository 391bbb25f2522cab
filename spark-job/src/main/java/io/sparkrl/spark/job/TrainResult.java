package io.sparkrl.spark.job;

import java.util.Map;

/**
 * What a finished run reports.
 *
 * @param runDirectory the run directory
 * @param epochsTrained epochs trained by this invocation (after a resume, only the remaining ones)
 * @param lastMetrics the metrics of the last epoch
 */
public record TrainResult(
    String runDirectory, int epochsTrained, Map<String, Double> lastMetrics) {}
