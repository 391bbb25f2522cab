/** The {@code sparkrl} command line (picocli): one main class for local and spark-submit runs. */
package io.sparkrl.spark.cli;
