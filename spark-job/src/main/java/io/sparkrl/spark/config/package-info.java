/**
 * A training run's settings: hyperparameters ({@link io.sparkrl.core.config.AwrConfig}), job
 * settings ({@link io.sparkrl.spark.config.JobSettings}) and Spark defaults, resolved from the
 * command line, the Spark conf, a configuration file and the defaults by {@link
 * io.sparkrl.spark.config.TrainSettingsResolver}.
 */
package io.sparkrl.spark.config;
