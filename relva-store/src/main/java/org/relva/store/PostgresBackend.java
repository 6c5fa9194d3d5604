package org.relva.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.relva.core.store.StorageException;

/**
 * The entries table on a PostgreSQL server, through a small HikariCP pool.
 *
 * <p>A commit is durable when PostgreSQL answers it: with the server's defaults
 * ({@code synchronous_commit = on}, {@code fsync = on}) it has flushed its write-ahead log to disk,
 * so a commit survives the server's crash and a power loss. If the server goes away, commits fail
 * (nothing is written) until it is back; the pool then replaces its broken connections by itself.
 * The password is handed to the driver only, and never appears in a message.
 */
final class PostgresBackend implements Backend {
  static final String SETTING = "RELVA_DATABASE_URL / relva.databaseUrl";
  static final String CREDENTIALS = "RELVA_DATABASE_USER and RELVA_DATABASE_PASSWORD";

  private final String where;
  private final HikariDataSource pool;
  private final Jdbi jdbi;

  private PostgresBackend(String where, HikariDataSource pool) {
    this.where = where;
    this.pool = pool;
    this.jdbi = Jdbi.create(pool);
  }

  static PostgresBackend open(String jdbcUrl, String user, String password, Duration timeout) {
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new StorageException(SETTING + " must be a jdbc:postgresql:// URL, got '"
          + withoutQuery(jdbcUrl) + "'. Set it to, for example, "
          + "jdbc:postgresql://localhost:5432/relva.");
    }
    String where = withoutQuery(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setPoolName("relva-store");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(timeout.toMillis());
    config.setValidationTimeout(Math.min(timeout.toMillis(), 5_000));
    // Fail at start, with the reason, if the server cannot be reached.
    config.setInitializationFailTimeout(timeout.toMillis());
    config.addDataSourceProperty("connectTimeout", Math.max(1, timeout.toSeconds()));
    config.addDataSourceProperty("socketTimeout", 60);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StorageException(unreachable(where, e), e);
    }
    try {
      Schema.migrate(pool, SETTING);
    } catch (Schema.NewerDatabaseException e) {
      pool.close();
      throw new StorageException(e.getMessage(), e);
    } catch (RuntimeException e) {
      pool.close();
      throw new StorageException(unreachable(where, e), e);
    }
    return new PostgresBackend(where, pool);
  }

  private static String unreachable(String where, Throwable e) {
    return "Cannot use the PostgreSQL database at " + where + " (" + SETTING + "): "
        + rootMessage(e) + ". Nothing was changed. Check that the server runs and can be "
        + "reached, and that " + SETTING + ", " + CREDENTIALS + " are right.";
  }

  /** The URL without its query, where a password may be written. */
  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  /** The innermost cause's message: the driver's own words, under its wrappers. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return message == null ? t.getClass().getSimpleName() : message;
  }

  /**
   * Runs {@code work} in a transaction, and once more if the connection broke: after the server
   * restarts, the pool may still hand out a connection to the old one. Running a commit twice is
   * safe, because its writes set entries to values (doing them again changes nothing), and
   * nothing else commits in between ({@link RelvaStore} holds its lock).
   */
  @Override
  public <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
    try {
      return jdbi.inTransaction(work);
    } catch (RuntimeException e) {
      if (!connectionLost(e)) {
        throw e;
      }
      return jdbi.inTransaction(work);
    }
  }

  private static boolean connectionLost(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException e && e.getSQLState() != null
          && e.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String explain(RuntimeException failure) {
    boolean connection = connectionLost(failure)
        || failure.getClass().getSimpleName().contains("Connection");
    return (connection ? "The PostgreSQL database at " + where + " cannot be reached: "
        : "The PostgreSQL database at " + where + " refused the change: ") + rootMessage(failure)
        + ". Nothing was written; try again once it is back.";
  }

  @Override
  public void backup(Path target) {
    throw new StorageException("Relva cannot copy a PostgreSQL database; use pg_dump on " + where
        + " instead.");
  }

  @Override
  public String describe() {
    return "PostgreSQL at " + where;
  }

  @Override
  public void close() {
    pool.close();
  }
}
