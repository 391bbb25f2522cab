/**
 * The run report: {@link io.sparkrl.spark.report.TrainingReport} turns a run directory's metric
 * CSVs into PNG learning curves (XChart) and a {@code report.html} that shows them.
 */
package io.sparkrl.spark.report;
