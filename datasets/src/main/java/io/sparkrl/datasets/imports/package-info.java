/**
 * Importers that turn foreign episode data into {@link io.sparkrl.datasets.EpisodeRow}s: d3rlpy
 * v0.23 MDPDataset HDF5 files ({@link io.sparkrl.datasets.imports.D3rlpyHdf5Importer}) and CSV
 * tables ({@link io.sparkrl.datasets.imports.CsvEpisodeImporter}).
 *
 * <p>Importers parse, they do not validate: the caller sends their rows through the episode
 * validator and the Parquet writer. What cannot be parsed fails with an {@link
 * io.sparkrl.datasets.imports.ImportException} naming the file, the place and the value; nothing is
 * dropped silently (what a format itself leaves out is counted in an {@link
 * io.sparkrl.datasets.imports.ImportReport}).
 */
package io.sparkrl.datasets.imports;
