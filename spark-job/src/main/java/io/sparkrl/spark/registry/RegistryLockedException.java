package io.sparkrl.spark.registry;

/**
 * Thrown when a change to a registered model finds its {@code _LOCK} held by another writer: a
 * concurrent publish, promote or rollback, or a writer that was killed (then {@link
 * ModelRegistry#breakLock} removes the lock). Nothing was changed; retrying later is safe.
 */
public final class RegistryLockedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message saying who holds the lock.
   *
   * @param message the message
   */
  public RegistryLockedException(String message) {
    super(message);
  }
}
