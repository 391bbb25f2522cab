/**
 * Validation of episode data: one pure rule per check over a row or an episode's rows, so the same
 * rules run in one JVM and on Spark executors; strict and quarantine modes.
 */
package io.sparkrl.datasets.validation;
