package io.sparkrl.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The file operations a run needs, so that the same logging code writes to a local disk ({@link
 * LocalRunStorage}) or, in the Spark job, through Hadoop's {@code FileSystem}.
 *
 * <p>Paths are strings in the implementation's own syntax (a local path, or a Hadoop URI such as
 * {@code hdfs://nn/runs/x}); build them with {@link #resolve(String, String)} rather than by string
 * concatenation. Every {@link IOException} thrown names the path it concerns.
 */
public interface RunStorage {

  /**
   * Receives an output stream and writes a file's whole content to it; used by {@link
   * #writeAtomically(String, ContentWriter)}.
   */
  @FunctionalInterface
  interface ContentWriter {
    /**
     * Writes the content.
     *
     * @param out the stream to write to; the caller closes it
     * @throws IOException if writing fails; the target file is then left untouched
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * The path of the entry {@code name} inside {@code directory}.
   *
   * @param directory a directory path
   * @param name a single file or directory name, without separators
   * @return the child path
   */
  String resolve(String directory, String name);

  /**
   * Whether a file or directory exists at {@code path}.
   *
   * @param path the path to test
   * @return true if something exists there
   * @throws IOException if the storage cannot be queried
   */
  boolean exists(String path) throws IOException;

  /**
   * Creates the directory {@code path} and any missing parents; does nothing if it already exists.
   *
   * @param path the directory to create
   * @throws IOException if it cannot be created, or a file is in the way
   */
  void mkdirs(String path) throws IOException;

  /**
   * The names (not paths) of the entries directly inside a directory, sorted.
   *
   * @param directory the directory to list
   * @return the entry names, in ascending order
   * @throws IOException if the directory does not exist or cannot be read
   */
  List<String> list(String directory) throws IOException;

  /**
   * Creates a new file and opens it for writing. The parent directory must exist.
   *
   * @param path the file to create
   * @return a stream the caller must close; {@code flush()} makes the bytes visible to readers as
   *     far as the storage allows
   * @throws IOException if the file already exists or cannot be created
   */
  OutputStream create(String path) throws IOException;

  /**
   * Opens a file for reading.
   *
   * @param path the file to read
   * @return a stream the caller must close
   * @throws IOException if the file does not exist or cannot be opened
   */
  InputStream open(String path) throws IOException;

  /**
   * Appends UTF-8 text to a file, creating the file if it is absent (Python's {@code open(path,
   * 'a')}), by writing the old content and the text to a new file that {@link #writeAtomically}
   * puts in place: a crash at any point leaves either the old or the new content, never a torn
   * line, on every file system (S3A cannot append at all). The files appended to are metric logs of
   * a line per epoch or iteration, small enough for the rewrite to cost little.
   *
   * @param path the file to append to; its parent directory must exist
   * @param text the text to append, usually ending with {@code \n}
   * @throws IOException if the file cannot be read or written
   */
  default void appendText(String path, String text) throws IOException {
    byte[] added = text.getBytes(StandardCharsets.UTF_8);
    if (!exists(path)) {
      writeAtomically(path, added);
      return;
    }
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    try (InputStream in = open(path)) {
      in.transferTo(whole);
    }
    whole.write(added);
    writeAtomically(path, whole.toByteArray());
  }

  /**
   * Writes a file atomically: the content goes to a temporary file in the same directory, which is
   * then renamed to {@code path}, replacing any existing file. A reader sees either the old file or
   * the complete new one, never a partial one. On failure the temporary file is removed. On an
   * object store, where an object only appears once its upload completes and a rename is a copy,
   * the content may instead be uploaded straight to {@code path} (no temporary sibling is listed),
   * the upload being abandoned on failure.
   *
   * @param path the file to write; its parent directory must exist
   * @param content writes the content
   * @throws IOException if writing or renaming fails
   */
  void writeAtomically(String path, ContentWriter content) throws IOException;

  /**
   * Writes bytes atomically; see {@link #writeAtomically(String, ContentWriter)}.
   *
   * @param path the file to write
   * @param bytes the complete content
   * @throws IOException if writing or renaming fails
   */
  default void writeAtomically(String path, byte[] bytes) throws IOException {
    writeAtomically(path, out -> out.write(bytes));
  }

  /**
   * Writes UTF-8 text atomically; see {@link #writeAtomically(String, ContentWriter)}.
   *
   * @param path the file to write
   * @param text the complete content
   * @throws IOException if writing or renaming fails
   */
  default void writeTextAtomically(String path, String text) throws IOException {
    writeAtomically(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The name of the temporary file used while writing {@code name} atomically. It starts with a dot
   * so that listings and tools that skip hidden files (Hadoop, TensorBoard) ignore it.
   *
   * @param name the final file name
   * @param unique a string that makes the name unique, such as a random UUID
   * @return the temporary file name
   */
  static String temporaryName(String name, String unique) {
    return "." + name + "." + unique + TEMPORARY_SUFFIX;
  }

  /** The end of every {@link #temporaryName}. */
  String TEMPORARY_SUFFIX = ".tmp";

  /**
   * Whether {@code name} is a {@link #temporaryName}: a write that never finished if it is still
   * there once no write is running.
   */
  static boolean isTemporaryName(String name) {
    return name.startsWith(".") && name.endsWith(TEMPORARY_SUFFIX);
  }
}
