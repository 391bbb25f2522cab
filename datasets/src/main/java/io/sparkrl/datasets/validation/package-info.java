/**
 * Validation of episode data: one pure rule per check over a row or an episode's rows, so the same
 * rules run in one JVM and on Spark executors; strict and quarantine modes.
 *
 * <p>{@link io.sparkrl.datasets.validation.EpisodeRules} holds the docs/design.md §4 rules, {@link
 * io.sparkrl.datasets.validation.EpisodeGrouper} groups a row stream into episodes with memory
 * bounded by the episodes open at once, {@link io.sparkrl.datasets.validation.EpisodeAssembler}
 * builds {@link io.sparkrl.datasets.Episode}s, and {@link
 * io.sparkrl.datasets.validation.DatasetValidator} ties them together into a {@link
 * io.sparkrl.datasets.validation.ValidationReport}. {@link
 * io.sparkrl.datasets.validation.DatasetExpectations} (shape and action count) is given, or
 * inferred with an {@link io.sparkrl.datasets.validation.ExpectationsAccumulator}.
 */
package io.sparkrl.datasets.validation;
