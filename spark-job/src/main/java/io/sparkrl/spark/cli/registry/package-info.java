/**
 * {@code sparkrl registry}: list, show, promote, roll back and unlock the models of a registry
 * (docs/design.md §3.6) in one JVM, without Spark.
 */
package io.sparkrl.spark.cli.registry;
