/**
 * A real Spark standalone cluster on 127.0.0.1 for integration tests: a Master, Workers and
 * spark-submit as separate JVMs started from a laid-out {@code SPARK_HOME}, and the tests that
 * submit sparkrl's spark-submit jar to it.
 */
package io.sparkrl.spark.cluster;
