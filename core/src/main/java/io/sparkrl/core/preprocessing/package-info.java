/**
 * Observation preprocessing for DiscreteAWR (docs/design.md §1 "Preprocessing"): scalers fitted
 * once on the training episodes, frame stacking for image observations and the observation
 * augmentations used in the update losses.
 *
 * <p>Everything here works on flat {@code float[]} batches laid out row-major as {@code [N,
 * ...shape]} (one observation per row, images as C×H×W), so the same code runs on the driver and
 * inside Spark executors; ND4J overloads are thin wrappers. Classes that travel to executors are
 * {@link java.io.Serializable}. Nothing here imports Spark.
 */
package io.sparkrl.core.preprocessing;
