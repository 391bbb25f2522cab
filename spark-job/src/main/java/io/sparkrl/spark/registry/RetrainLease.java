package io.sparkrl.spark.registry;

import java.io.IOException;
import java.util.Optional;

/**
 * The lease a retrain holds on one model name from its first read of the champion to its last
 * decision: the file {@code <registry>/<name>/_RETRAIN}, taken like {@link RegistryLock} (created
 * exclusively, holder named in it). Of two concurrent retrains of one name the second fails at once
 * with {@link RegistryLockedException} before it trains. The registry's own short writer lock is
 * separate, so a retrain's publish still takes it and a person may promote or roll back meanwhile.
 */
public final class RetrainLease implements AutoCloseable {

  /** The lease file in a model's directory. */
  public static final String LEASE_FILE = "_RETRAIN";

  private final RegistryLock lock;

  private RetrainLease(RegistryLock lock) {
    this.lock = lock;
  }

  /**
   * Takes the lease, creating the model's directory if it is new.
   *
   * @throws RegistryLockedException if another retrain holds it
   * @throws IllegalArgumentException if the name is invalid
   */
  public static RetrainLease acquire(ModelRegistry registry, String name) throws IOException {
    if (!ModelRegistry.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "model name '" + name + "' must match " + ModelRegistry.NAME.pattern());
    }
    RegistryStorage storage = registry.storage();
    String dir = storage.resolve(registry.root(), name);
    storage.mkdirs(dir);
    return new RetrainLease(RegistryLock.acquire(storage, dir, name, "retrain", LEASE_FILE));
  }

  /**
   * Removes a lease left by a killed retrain. Only for a retrain known to be dead, like {@link
   * ModelRegistry#breakLock}.
   *
   * @return who held the lease, empty if it was not held
   * @throws IllegalArgumentException if the name is invalid or the model does not exist
   */
  public static Optional<String> breakLease(ModelRegistry registry, String name)
      throws IOException {
    registry.versions(name);
    RegistryStorage storage = registry.storage();
    String lease = storage.resolve(storage.resolve(registry.root(), name), LEASE_FILE);
    if (!storage.exists(lease)) {
      return Optional.empty();
    }
    String holder = RegistryLock.describe(storage, lease);
    storage.deleteRecursively(lease);
    return Optional.of(holder);
  }

  @Override
  public void close() throws IOException {
    lock.close();
  }
}
