/**
 * Run artifacts on any Hadoop file system: {@link io.sparkrl.spark.storage.HadoopRunStorage}, the
 * Spark job's {@link io.sparkrl.core.storage.RunStorage}.
 */
package io.sparkrl.spark.storage;
