/**
 * A model registry on any Hadoop file system: {@link io.sparkrl.spark.registry.ModelRegistry} keeps
 * numbered versions of trained models under {@code <registry>/<name>/v<N>/}, a {@code CHAMPION}
 * pointer and an append-only decision history (docs/design.md §3.6). Its file operations go through
 * the small {@link io.sparkrl.spark.registry.RegistryStorage} seam.
 */
package io.sparkrl.spark.registry;
