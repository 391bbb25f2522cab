package io.sparkrl.spark.registry;

import java.io.IOException;
import java.util.List;

/**
 * The file operations a {@link ModelRegistry} needs, so that its logic is tested on local files and
 * runs on any Hadoop file system ({@link HadoopRegistryStorage}). Paths are strings in the
 * implementation's syntax, built with {@link #resolve}; every {@link IOException} names its path.
 */
public interface RegistryStorage {

  /**
   * The path of the entry {@code name} inside {@code directory}.
   *
   * @param directory a directory path
   * @param name one file or directory name, without separators
   * @return the child path
   */
  String resolve(String directory, String name);

  /**
   * Whether a file or directory exists.
   *
   * @param path the path to test
   * @return true if something is there
   * @throws IOException if the storage cannot be queried
   */
  boolean exists(String path) throws IOException;

  /**
   * The names of the entries directly inside a directory, sorted; empty if it does not exist.
   *
   * @param directory the directory to list
   * @return the entry names in ascending order
   * @throws IOException if the directory cannot be read
   */
  List<String> list(String directory) throws IOException;

  /**
   * Creates a directory and its missing parents; nothing if it exists. Not exclusive.
   *
   * @param path the directory
   * @throws IOException if it cannot be created
   */
  void mkdirs(String path) throws IOException;

  /**
   * The whole content of a file.
   *
   * @param path the file
   * @return its bytes
   * @throws IOException if it does not exist or cannot be read
   */
  byte[] read(String path) throws IOException;

  /**
   * Replaces a file atomically (temporary file and rename): readers see the old or the new content.
   *
   * @param path the file; its parent directory must exist
   * @param content the new content
   * @throws IOException if writing or renaming fails
   */
  void writeAtomically(String path, byte[] content) throws IOException;

  /**
   * Appends UTF-8 text by an atomic rewrite of the whole file, creating it if absent. Not safe
   * against a concurrent appender on its own: the registry appends only while it holds its lock.
   *
   * @param path the file
   * @param text the text to add
   * @throws IOException if reading or writing fails
   */
  void appendText(String path, String text) throws IOException;

  /**
   * Creates a file only if nothing exists at {@code path}, as one atomic step where the file system
   * allows it (local disks and HDFS; not S3A, see docs/design.md §3.6).
   *
   * @param path the file to create; its parent directory must exist
   * @param content the content of the new file
   * @return true if this call created the file, false if something was already there
   * @throws IOException if the file system fails otherwise
   */
  boolean createExclusively(String path, byte[] content) throws IOException;

  /**
   * Copies a file, streaming; the target is written atomically.
   *
   * @param from the source file
   * @param to the target file; its parent directory must exist
   * @throws IOException if either side fails
   */
  void copy(String from, String to) throws IOException;

  /**
   * Deletes a file or a directory with everything in it.
   *
   * @param path what to delete
   * @return false if nothing was there
   * @throws IOException if deleting fails
   */
  boolean deleteRecursively(String path) throws IOException;
}
