package io.sparkrl.spark.registry;

import java.time.Instant;
import java.util.List;

/**
 * A committed version of a registered model: the directory {@code <registry>/<name>/v<N>/} whose
 * {@code _COMMITTED} manifest exists. A version's files never change after it is committed.
 *
 * @param name the model's name in the registry
 * @param version the version number, from 1
 * @param directory the version's directory (a Hadoop path)
 * @param created when it was committed (UTC)
 * @param sourceRun the run directory its artifacts were copied from
 * @param idempotencyKey the key it was published with, or null
 * @param files the names of its files, without the manifest, sorted
 */
public record RegistryVersion(
    String name,
    int version,
    String directory,
    Instant created,
    String sourceRun,
    String idempotencyKey,
    List<String> files) {

  /** Copies the file list. */
  public RegistryVersion {
    files = List.copyOf(files);
  }

  /**
   * The path of one of the version's files, such as {@link ModelRegistry#MODEL_FILE}.
   *
   * @param storage the storage the registry uses, to build the path
   * @param fileName a name in {@link #files()}
   * @return the path
   * @throws IllegalArgumentException if the version has no such file
   */
  public String file(RegistryStorage storage, String fileName) {
    if (!files.contains(fileName)) {
      throw new IllegalArgumentException(
          "registry " + name + " v" + version + " has no file " + fileName + "; it has " + files);
    }
    return storage.resolve(directory, fileName);
  }

  /** The directory name of a version: {@code v<N>}. */
  static String directoryName(int version) {
    return "v" + version;
  }
}
