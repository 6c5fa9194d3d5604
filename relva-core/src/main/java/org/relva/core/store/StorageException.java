package org.relva.core.store;

/**
 * Thrown by a {@link StateJournal} that could not load or commit: the database is unreachable,
 * full, locked or refused the write. A commit that throws wrote nothing.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
