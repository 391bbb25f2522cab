package io.sparkrl.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** {@link RunStorage} on the local file system, through {@code java.nio.file}. */
public final class LocalRunStorage implements RunStorage {

  /** Creates a storage for local paths; it holds no state. */
  public LocalRunStorage() {}

  @Override
  public String resolve(String directory, String name) {
    return Path.of(directory).resolve(name).toString();
  }

  @Override
  public boolean exists(String path) {
    return Files.exists(Path.of(path));
  }

  @Override
  public void mkdirs(String path) throws IOException {
    Files.createDirectories(Path.of(path));
  }

  @Override
  public List<String> list(String directory) throws IOException {
    Path dir = Path.of(directory);
    if (!Files.isDirectory(dir)) {
      throw Files.exists(dir)
          ? new NotDirectoryException(directory)
          : new NoSuchFileException(directory);
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.forEach(p -> names.add(p.getFileName().toString()));
    }
    names.sort(null);
    return names;
  }

  @Override
  public OutputStream create(String path) throws IOException {
    return Files.newOutputStream(
        Path.of(path), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  @Override
  public InputStream open(String path) throws IOException {
    return Files.newInputStream(Path.of(path));
  }

  @Override
  public void writeAtomically(String path, ContentWriter content) throws IOException {
    Path target = Path.of(path);
    Path parent = target.toAbsolutePath().getParent();
    Path temp =
        parent.resolve(
            RunStorage.temporaryName(
                target.getFileName().toString(), UUID.randomUUID().toString()));
    try {
      try (OutputStream out =
          Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      // Same directory, so the rename is atomic on POSIX file systems and replaces the target.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "LocalRunStorage";
  }
}
