/**
 * Off-policy evaluation on Spark ({@code sparkrl evaluate}): episode summaries computed on the
 * executors and merged into one {@link io.sparkrl.core.ope.OpeAccumulator}, the estimators and
 * their bootstrap intervals on the driver.
 */
package io.sparkrl.spark.ope;
