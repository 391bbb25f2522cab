/**
 * {@code sparkrl dataset}: generate, import, validate and describe episode datasets in one JVM (no
 * Spark), writing through a staged output that is renamed into place only when complete.
 */
package io.sparkrl.spark.cli.dataset;
