/**
 * The Parquet episode format of docs/design.md §2 on parquet-java, without Spark: {@link
 * io.sparkrl.datasets.parquet.EpisodeParquetWriter} writes part files and {@code dataset.json},
 * {@link io.sparkrl.datasets.parquet.EpisodeParquetReader} streams rows back (also from files Spark
 * wrote), {@link io.sparkrl.datasets.parquet.QuarantineParquetWriter} keeps rejected episodes with
 * their reasons. Read errors are {@link io.sparkrl.datasets.parquet.DatasetReadException}s naming
 * the file, the column and the rule.
 */
package io.sparkrl.datasets.parquet;
