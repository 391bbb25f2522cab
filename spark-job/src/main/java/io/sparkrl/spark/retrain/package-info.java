/**
 * {@code sparkrl retrain}: one scheduled retraining, from the registry's champion to a published
 * challenger or a kept champion (docs/design.md §3.7).
 */
package io.sparkrl.spark.retrain;
