/**
 * DiscreteAWR's hyperparameters: the validated {@link io.sparkrl.core.config.AwrConfig} record and
 * its one JSON form, {@link io.sparkrl.core.config.AwrConfigParser}, with d3rlpy v0.23's key names.
 */
package io.sparkrl.core.config;
