package io.sparkrl.spark.registry;

import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * {@link RegistryStorage} over {@link HadoopRunStorage}, so a registry lives on any Hadoop file
 * system ({@code file://}, {@code hdfs://}, {@code s3a://}).
 *
 * <p>{@link #createExclusively} is atomic where the file system makes it so: on the local file
 * system it is the operating system's create-new ({@code O_CREAT|O_EXCL}; Hadoop's own local {@code
 * create(path, false)} checks and then creates, which two processes can both pass), on HDFS the
 * NameNode's {@code create} without overwrite. S3A checks for the object and then uploads it, so
 * two writers racing within that window can both succeed (docs/design.md §3.6); on HDFS a create
 * racing another's open create fails with AlreadyBeingCreatedException, which counts as taken.
 */
public final class HadoopRegistryStorage implements RegistryStorage {

  private final HadoopRunStorage storage;
  private final Configuration configuration;

  /**
   * A registry storage on a run storage's file systems.
   *
   * @param storage the storage, with the Hadoop configuration to use
   */
  public HadoopRegistryStorage(HadoopRunStorage storage) {
    this.storage = storage;
    this.configuration = storage.configuration();
  }

  @Override
  public String resolve(String directory, String name) {
    return storage.resolve(directory, name);
  }

  @Override
  public boolean exists(String path) throws IOException {
    return storage.exists(path);
  }

  @Override
  public List<String> list(String directory) throws IOException {
    return storage.exists(directory) ? storage.list(directory) : List.of();
  }

  @Override
  public void mkdirs(String path) throws IOException {
    storage.mkdirs(path);
  }

  @Override
  public byte[] read(String path) throws IOException {
    try (InputStream in = storage.open(path)) {
      return in.readAllBytes();
    }
  }

  @Override
  public void writeAtomically(String path, byte[] content) throws IOException {
    storage.writeAtomically(path, content);
  }

  @Override
  public void appendText(String path, String text) throws IOException {
    storage.appendText(path, text);
  }

  @Override
  public boolean createExclusively(String path, byte[] content) throws IOException {
    Path p = new Path(path);
    FileSystem fs;
    try {
      fs = p.getFileSystem(configuration);
    } catch (IOException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
    RawLocalFileSystem local = rawLocal(fs);
    if (local != null) {
      java.nio.file.Path file = local.pathToFile(p).toPath();
      try {
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(p, false)) {
      out.write(content);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (beingCreatedByAnother(e)) {
        return false;
      }
      throw e.getMessage() != null && e.getMessage().contains(path)
          ? e
          : new IOException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * HDFS answers a create racing another writer's still-open create of the same file (from this
   * client, as threads sharing one FileSystem are) with AlreadyBeingCreatedException, not
   * FileAlreadyExistsException; matched by name since hadoop-hdfs-client is only on the classpath
   * with HDFS.
   */
  private static boolean beingCreatedByAnother(IOException e) {
    String beingCreated = "org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException";
    if (e instanceof org.apache.hadoop.ipc.RemoteException remote) {
      return beingCreated.equals(remote.getClassName())
          || FileAlreadyExistsException.class.getName().equals(remote.getClassName());
    }
    return e.getClass().getName().equals(beingCreated);
  }

  private static RawLocalFileSystem rawLocal(FileSystem fs) {
    if (fs instanceof LocalFileSystem checksummed
        && checksummed.getRaw() instanceof RawLocalFileSystem raw) {
      return raw;
    }
    return fs instanceof RawLocalFileSystem raw ? raw : null;
  }

  @Override
  public void copy(String from, String to) throws IOException {
    try (InputStream in = storage.open(from)) {
      storage.writeAtomically(to, in::transferTo);
    }
  }

  @Override
  public boolean deleteRecursively(String path) throws IOException {
    return storage.deleteRecursively(path);
  }

  @Override
  public String toString() {
    return "HadoopRegistryStorage";
  }
}
