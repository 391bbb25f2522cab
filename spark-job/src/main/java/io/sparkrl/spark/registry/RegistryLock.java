package io.sparkrl.spark.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.UUID;

/**
 * The exclusive lock of one registered model: the file {@code <registry>/<name>/_LOCK}, created
 * with {@link RegistryStorage#createExclusively} and deleted on {@link #close()}. It holds the
 * owner's token, host and process, the operation and the time it was taken, so that a writer that
 * finds it can say who holds it. A lock left by a killed writer stays until {@link
 * ModelRegistry#breakLock} (or {@code sparkrl registry break-lock}) removes it; there is no
 * timeout, because a slow copy to an object store cannot be told from a dead writer.
 */
final class RegistryLock implements AutoCloseable {

  static final String LOCK_FILE = "_LOCK";

  private final RegistryStorage storage;
  private final String path;
  private final String token;

  private RegistryLock(RegistryStorage storage, String path, String token) {
    this.storage = storage;
    this.path = path;
    this.token = token;
  }

  /**
   * Takes the lock of a model, failing at once if it is held.
   *
   * @throws RegistryLockedException if another writer holds it
   */
  static RegistryLock acquire(RegistryStorage storage, String modelDir, String name, String op)
      throws IOException {
    return acquire(storage, modelDir, name, op, LOCK_FILE);
  }

  /** {@link #acquire(RegistryStorage, String, String, String)} of another lock file. */
  static RegistryLock acquire(
      RegistryStorage storage, String modelDir, String name, String op, String file)
      throws IOException {
    String path = storage.resolve(modelDir, file);
    String token = UUID.randomUUID().toString();
    ObjectNode content = RegistryJson.MAPPER.createObjectNode();
    content.put("token", token);
    content.put("operation", op);
    content.put("since", Instant.now().toString());
    content.put("process", ManagementFactory.getRuntimeMXBean().getName());
    if (!storage.createExclusively(path, RegistryJson.bytes(content))) {
      throw new RegistryLockedException(
          "registry "
              + name
              + ": another "
              + describe(storage, path)
              + "; retry later, or if that writer is dead run 'sparkrl registry break-lock "
              + name
              + "'");
    }
    return new RegistryLock(storage, path, token);
  }

  /** "publish holds <path> since <time> (process <pid@host>)", or less if it is unreadable. */
  static String describe(RegistryStorage storage, String path) throws IOException {
    JsonNode holder;
    try {
      holder = RegistryJson.parse(storage.read(path), path);
    } catch (IllegalArgumentException | java.io.FileNotFoundException e) {
      // Being written this instant, or released between the create and this read.
      return "writer holds " + path;
    }
    return RegistryJson.optionalText(holder, "operation")
        + " holds "
        + path
        + " since "
        + RegistryJson.optionalText(holder, "since")
        + " (process "
        + RegistryJson.optionalText(holder, "process")
        + ")";
  }

  /** Releases the lock if it is still this one (it may have been broken and taken by another). */
  @Override
  public void close() throws IOException {
    byte[] current;
    try {
      current = storage.read(path);
    } catch (java.io.FileNotFoundException e) {
      return;
    }
    JsonNode holder = RegistryJson.parse(current, path);
    if (token.equals(RegistryJson.optionalText(holder, "token"))) {
      storage.deleteRecursively(path);
    }
  }
}
