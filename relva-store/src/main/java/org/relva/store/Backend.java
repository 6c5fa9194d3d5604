package org.relva.store;

import java.nio.file.Path;
import org.jdbi.v3.core.HandleCallback;

/**
 * Where the entries table lives: a SQLite file or a PostgreSQL server. Both run the same SQL; what
 * differs is how connections are made and held, and what a failure means to an operator.
 * Implementations are used under {@link RelvaStore}'s lock, one call at a time.
 */
interface Backend extends AutoCloseable {

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  <R> R inTransaction(HandleCallback<R, RuntimeException> work);

  /** The operator's words for a failure to read or write: what went wrong and what to do. */
  String explain(RuntimeException failure);

  /** Writes a consistent copy of the database to {@code target}. */
  void backup(Path target);

  /** The database, for messages: a file or a server, never a password. */
  String describe();

  @Override
  void close();
}
