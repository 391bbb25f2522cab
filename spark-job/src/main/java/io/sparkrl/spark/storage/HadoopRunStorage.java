package io.sparkrl.spark.storage;

import io.sparkrl.core.storage.RunStorage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotDirectoryException;
import org.apache.spark.sql.SparkSession;

/**
 * {@link RunStorage} over Hadoop's {@code FileSystem} API, so run artifacts go to any file system
 * Hadoop knows: {@code file://}, {@code hdfs://}, {@code s3a://}, … Paths are URI strings; one
 * without a scheme is taken relative to the configuration's default file system ({@code
 * fs.defaultFS}).
 *
 * <p>Atomic writes go to a hidden temporary file in the target's directory ({@link
 * RunStorage#temporaryName}) and are then renamed over the target: a new name with a plain rename,
 * an existing one with {@link Options.Rename#OVERWRITE}, which HDFS performs atomically.
 *
 * <p>Object stores (S3A) have no atomic rename: there a rename is a copy and a delete, and a rename
 * over an existing name deletes it first, so a reader could miss a published file. Where the file
 * system's output streams can be aborted ({@link CommonPathCapabilities#ABORTABLE_STREAM}, which
 * S3A declares because an object only becomes visible when its upload completes), an atomic write
 * therefore uploads straight to the target and aborts the upload if the content fails: readers see
 * the old object until the new one is complete, never part of it and never a gap, and no temporary
 * object is left behind, even by a crash.
 *
 * <p>On {@code file://} the raw local file system is used, so no {@code .crc} side files appear in
 * run directories. {@link #appendText} rewrites the file atomically with the text added (the {@link
 * RunStorage} default), also where a file system cannot append (S3A).
 *
 * <p>Instances are {@link Serializable} (Java and Kryo) and cheap to ship to executors: they hold
 * the Hadoop configuration's entries as a map and rebuild the {@link Configuration} on first use.
 */
public final class HadoopRunStorage implements RunStorage, Serializable {

  private static final long serialVersionUID = 1L;

  private final HashMap<String, String> settings;
  private transient volatile Configuration configuration;

  /**
   * A storage using a copy of all entries of a Hadoop configuration.
   *
   * @param configuration the configuration, such as a Spark context's {@code hadoopConfiguration()}
   */
  public HadoopRunStorage(Configuration configuration) {
    this(entries(configuration));
  }

  /**
   * A storage whose configuration has exactly these entries (no {@code core-default.xml} or site
   * files are read).
   *
   * @param settings Hadoop configuration keys and values
   */
  public HadoopRunStorage(Map<String, String> settings) {
    this.settings = new HashMap<>(settings);
  }

  /**
   * A storage with the Hadoop configuration of a Spark session (its {@code spark.hadoop.*} settings
   * and the driver's site files).
   *
   * @param spark the session
   * @return the storage
   */
  public static HadoopRunStorage forSpark(SparkSession spark) {
    return new HadoopRunStorage(spark.sparkContext().hadoopConfiguration());
  }

  /**
   * A new copy of the Hadoop configuration this storage uses.
   *
   * @return the configuration
   */
  public Configuration configuration() {
    return new Configuration(conf());
  }

  private static Map<String, String> entries(Configuration configuration) {
    Map<String, String> map = new HashMap<>();
    for (Map.Entry<String, String> e : configuration) {
      map.put(e.getKey(), e.getValue());
    }
    return map;
  }

  private Configuration conf() {
    Configuration c = configuration;
    if (c == null) {
      c = new Configuration(false);
      for (Map.Entry<String, String> e : settings.entrySet()) {
        c.set(e.getKey(), e.getValue());
      }
      configuration = c;
    }
    return c;
  }

  private FileSystem fileSystem(Path path) throws IOException {
    FileSystem fs;
    try {
      fs = path.getFileSystem(conf());
    } catch (IOException e) {
      throw named(path.toString(), e);
    }
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }

  @Override
  public String resolve(String directory, String name) {
    if (name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException(
          "a name inside " + directory + " must be non-empty without '/', got '" + name + "'");
    }
    return new Path(new Path(directory), name).toString();
  }

  @Override
  public boolean exists(String path) throws IOException {
    return onPath(path, FileSystem::exists);
  }

  /** Deletes {@code path} and everything under it; false if there was nothing to delete. */
  public boolean deleteRecursively(String path) throws IOException {
    return onPath(path, (fs, p) -> fs.exists(p) && fs.delete(p, true));
  }

  @Override
  public void mkdirs(String path) throws IOException {
    onPath(
        path,
        (fs, p) -> {
          if (fs.exists(p) && !fs.getFileStatus(p).isDirectory()) {
            throw new FileAlreadyExistsException(
                "cannot create directory " + path + ": a file exists");
          }
          if (!fs.mkdirs(p)) {
            throw new IOException("cannot create directory " + path);
          }
          return null;
        });
  }

  @Override
  public List<String> list(String directory) throws IOException {
    List<String> names =
        onPath(
            directory,
            (fs, p) -> {
              if (!fs.getFileStatus(p).isDirectory()) {
                throw new PathIsNotDirectoryException(directory);
              }
              List<String> found = new ArrayList<>();
              for (FileStatus status : fs.listStatus(p)) {
                found.add(status.getPath().getName());
              }
              return found;
            });
    names.sort(null);
    return names;
  }

  @Override
  public OutputStream create(String path) throws IOException {
    return onPath(
        path,
        (fs, p) -> {
          requireParentDirectory(fs, p);
          return fs.create(p, false);
        });
  }

  @Override
  public InputStream open(String path) throws IOException {
    return onPath(path, FileSystem::open);
  }

  /** One file-system call on {@code path}, its IOException naming the path. */
  @FunctionalInterface
  private interface PathCall<T> {
    T apply(FileSystem fs, Path p) throws IOException;
  }

  private <T> T onPath(String path, PathCall<T> call) throws IOException {
    Path p = new Path(path);
    FileSystem fs = fileSystem(p);
    try {
      return call.apply(fs, p);
    } catch (IOException e) {
      throw named(path, e);
    }
  }

  @Override
  public void writeAtomically(String path, ContentWriter content) throws IOException {
    Path target = new Path(path);
    FileSystem fs = fileSystem(target);
    if (fs.hasPathCapability(target, CommonPathCapabilities.ABORTABLE_STREAM)) {
      uploadInPlace(fs, path, target, content);
      return;
    }
    Path temp =
        new Path(
            target.getParent(),
            RunStorage.temporaryName(target.getName(), UUID.randomUUID().toString()));
    try {
      requireParentDirectory(fs, target);
      try (OutputStream out = fs.create(temp, false)) {
        content.writeTo(out);
      }
      FaultPoint.beforePublish(conf(), target.getName());
      if (!fs.rename(temp, target)) {
        // The target exists (HDFS refuses a plain rename over it): replace it.
        FileContext.getFileContext(target.toUri(), conf())
            .rename(temp, target, Options.Rename.OVERWRITE);
      }
    } catch (IOException | RuntimeException e) {
      try {
        fs.delete(temp, false);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      if (e instanceof IOException io) {
        throw named(path, io);
      }
      throw e;
    }
  }

  /** An object store's atomic write: the upload only publishes on a clean close. */
  private static void uploadInPlace(FileSystem fs, String path, Path target, ContentWriter content)
      throws IOException {
    try {
      requireParentDirectory(fs, target);
      try (FSDataOutputStream out = fs.create(target, true)) {
        try {
          content.writeTo(out);
        } catch (IOException | RuntimeException e) {
          // close() after abort() publishes nothing
          try {
            out.abort();
          } catch (RuntimeException abortFailed) {
            e.addSuppressed(abortFailed);
          }
          throw e;
        }
      }
    } catch (IOException e) {
      throw named(path, e);
    }
  }

  private static void requireParentDirectory(FileSystem fs, Path p) throws IOException {
    Path parent = p.getParent();
    if (parent != null && !(fs.exists(parent) && fs.getFileStatus(parent).isDirectory())) {
      throw new FileNotFoundException("parent directory " + parent + " of " + p + " is missing");
    }
  }

  /**
   * The exception if its message names the path already, otherwise one of the same kind that does.
   */
  private static IOException named(String path, IOException e) {
    String message = e.getMessage();
    if (message != null && message.contains(path)) {
      return e;
    }
    String text = path + ": " + (message == null ? e.getClass().getSimpleName() : message);
    IOException renamed =
        e instanceof FileNotFoundException
            ? new FileNotFoundException(text)
            : e instanceof FileAlreadyExistsException
                ? new FileAlreadyExistsException(text)
                : new IOException(text);
    renamed.initCause(e);
    return renamed;
  }

  @Override
  public String toString() {
    return "HadoopRunStorage";
  }
}
