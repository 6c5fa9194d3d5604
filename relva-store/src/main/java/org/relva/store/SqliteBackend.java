package org.relva.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.relva.core.store.StorageException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteException;

/**
 * The entries table in one SQLite file, in WAL mode, held by one connection for the journal's
 * life.
 *
 * <p>Two Relvas on one file would each trust their own memory and overwrite each other, so the
 * journal holds an operating-system lock on {@code <file>.lock} for its life, and a second is
 * refused at start (the "locked" fault) instead; the lock goes with the process, however it ends
 * (a killed one included). The database itself stays in SQLite's normal locking, so another
 * process may read it meanwhile: {@link #copy} makes a backup of a file a running Relva holds.
 *
 * <p>Before anything is written, the file's place is checked (the directory exists and can be
 * written, the file is a SQLite database, it is not locked, its schema is not from a newer Relva),
 * so a refused start changes nothing on disk. Schema migrations run on a separate, short-lived
 * connection in normal locking mode, closed before the main one opens.
 */
final class SqliteBackend implements Backend {
  static final String SETTING = "RELVA_DATA / relva.data";
  private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  /** How long a start waits for another connection's lock before calling the file locked. */
  private static final int BUSY_TIMEOUT_MS = 1_000;

  private final Path file;
  private final Handle handle;
  private final Holder holder;

  private SqliteBackend(Path file, Handle handle, Holder holder) {
    this.file = file;
    this.handle = handle;
    this.holder = holder;
  }

  /** The lock file beside {@code file} that says a Relva holds it. */
  private static Path lockOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".lock");
  }

  /** This journal's hold on the lock file: released, and the file removed, on close. */
  private record Holder(Path path, FileChannel channel, FileLock lock, boolean created) {
    void release() {
      try {
        lock.release();
        channel.close();
      } catch (IOException ignored) {
        // The lock goes with the channel, or with the process.
      }
      if (created) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException ignored) {
          // A leftover lock file holds no lock: the next start takes it.
        }
      }
    }
  }

  private static Holder hold(Path file) {
    Path path = lockOf(file);
    boolean created = !Files.exists(path);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new Holder(path, channel, lock, created);
      }
    } catch (OverlappingFileLockException e) {
      // held by this very process, through another journal
    } catch (IOException e) {
      throw new StorageException(SETTING + " names " + file + ", but its lock file " + path
          + " cannot be made (" + e.getMessage() + "). Make the directory writable, or set "
          + SETTING + " to a file in a writable one.", e);
    }
    try {
      channel.close();
      if (created) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // refusing anyway
    }
    throw new StorageException(SETTING + " names " + file + ", which another process (another "
        + "Relva?) has locked. Nothing was changed. Stop the other process, or set " + SETTING
        + " to another file.");
  }

  static SqliteBackend open(Path given, RelvaStore.Durability durability) {
    Path file = given.toAbsolutePath().normalize();
    checkPlace(file);
    Holder holder = hold(file);
    try {
      Schema.migrate(dataSource(file, durability), SETTING);
    } catch (Schema.NewerDatabaseException e) {
      holder.release();
      throw new StorageException(e.getMessage(), e);
    } catch (RuntimeException e) {
      holder.release();
      throw new StorageException(explain(file, e), e);
    }
    Connection connection = null;
    try {
      connection = dataSource(file, durability).getConnection();
      Handle handle = Jdbi.open(connection);
      // Takes the write lock once, so a file another program holds locked is refused at start.
      handle.execute("BEGIN IMMEDIATE");
      handle.execute("COMMIT");
      return new SqliteBackend(file, handle, holder);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
      holder.release();
      throw new StorageException(explain(file, e), e);
    }
  }

  /**
   * Writes a consistent copy of the Relva database {@code given} to {@code target}, which must
   * not exist, on a connection of its own: it works while a Relva holds the file (SQLite's WAL
   * lets a reader in beside the writer), and reads one moment's state.
   */
  static void copy(Path given, Path target) {
    Path file = given.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new StorageException(SETTING + " names " + file + ", which does not exist: there is "
          + "nothing to back up. Set " + SETTING + " to the bot's database.");
    }
    checkTarget(target);
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file);
    try (Connection connection = source.getConnection(); Handle handle = Jdbi.open(connection)) {
      handle.execute("VACUUM INTO ?", target.toAbsolutePath().normalize().toString());
    } catch (SQLException | RuntimeException e) {
      throw new StorageException("The backup of " + file + " failed: " + explain(file, e), e);
    }
  }

  private static void checkTarget(Path target) {
    Path to = target.toAbsolutePath().normalize();
    if (Files.exists(to)) {
      throw new StorageException("The backup's target " + to + " already exists; name a new "
          + "file.");
    }
    if (to.getParent() == null || !Files.isDirectory(to.getParent())) {
      throw new StorageException("The backup's directory " + to.getParent() + " does not exist; "
          + "create it first.");
    }
  }

  private static SQLiteDataSource dataSource(Path file, RelvaStore.Durability durability) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(durability == RelvaStore.Durability.POWER_LOSS
        ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file);
    return source;
  }

  /** Refuses, before touching it, a file that SQLite could not or should not open. */
  private static void checkPlace(Path file) {
    Path dir = file.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new StorageException(SETTING + " names " + file + ", but the directory " + dir
          + " does not exist. Create the directory, or set " + SETTING
          + " to a file in one that exists.");
    }
    if (Files.isDirectory(file)) {
      throw new StorageException(SETTING + " names " + file + ", which is a directory. Set "
          + SETTING + " to a file, for example " + file.resolve("relva.db") + ".");
    }
    if (!writable(dir)) {
      throw new StorageException(SETTING + " names " + file + ", but its directory " + dir
          + " is read-only, and SQLite must write the database and its write-ahead log there. "
          + "Make the directory writable, or set " + SETTING + " to a file in a writable one.");
    }
    if (Files.exists(file)) {
      if (!writable(file)) {
        throw new StorageException(SETTING + " names " + file + ", which is read-only. Make it "
            + "writable, or set " + SETTING + " to another file.");
      }
      byte[] start = new byte[HEADER.length];
      int read;
      try (InputStream in = Files.newInputStream(file)) {
        read = in.readNBytes(start, 0, start.length);
      } catch (IOException e) {
        throw new StorageException(SETTING + " names " + file + ", which cannot be read ("
            + e.getMessage() + "). Check its permissions, or set " + SETTING
            + " to another file.", e);
      }
      if (read > 0 && !Arrays.equals(start, HEADER)) {
        throw new StorageException(SETTING + " names " + file + ", which is not a SQLite "
            + "database. Nothing was changed. Set " + SETTING + " to a new file or to a Relva "
            + "database.");
      }
    }
  }

  /**
   * Whether {@code path} may be written: by the file system's answer and by its owner's write
   * permission, so a place marked read-only is refused even for a superuser, who could write it.
   */
  private static boolean writable(Path path) {
    if (!Files.isWritable(path)) {
      return false;
    }
    PosixFileAttributeView posix = Files.getFileAttributeView(
        path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (posix == null) {
      return true;
    }
    try {
      return posix.readAttributes().permissions().contains(PosixFilePermission.OWNER_WRITE);
    } catch (IOException e) {
      return true;
    }
  }

  static String explain(Path file, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException e) {
        // Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED, ...) by their primary.
        String code = e.getResultCode().name();
        if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
          return SETTING + " names " + file + ", which another process (another Relva?) has "
              + "locked. Nothing was changed. Stop the other process, or set " + SETTING
              + " to another file.";
        } else if (code.startsWith("SQLITE_NOTADB")) {
          return SETTING + " names " + file + ", which is not a SQLite database. Nothing was "
              + "changed. Set " + SETTING + " to a new file or to a Relva database.";
        } else if (code.startsWith("SQLITE_READONLY")) {
          return SETTING + " names " + file + ", which cannot be written (" + e.getMessage()
              + "). Make it and its directory writable, or set " + SETTING + " to another file.";
        } else if (code.startsWith("SQLITE_CANTOPEN")) {
          return SETTING + " names " + file + ", which SQLite cannot open (" + e.getMessage()
              + "). Check the directory exists and can be written, or set " + SETTING
              + " to another file.";
        } else if (code.startsWith("SQLITE_FULL")) {
          return "The disk holding " + file + " (" + SETTING + ") is full. Free some space.";
        } else if (code.startsWith("SQLITE_CORRUPT")) {
          return SETTING + " names " + file + ", which is damaged (" + e.getMessage()
              + "). Restore it from a backup.";
        }
        return "SQLite failed on " + file + " (" + SETTING + "): " + e.getMessage();
      }
    }
    return "SQLite failed on " + file + " (" + SETTING + "): " + failure;
  }

  @Override
  public <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
    return handle.inTransaction(work);
  }

  @Override
  public String explain(RuntimeException failure) {
    return explain(file, failure);
  }

  @Override
  public void backup(Path target) {
    checkTarget(target);
    Path to = target.toAbsolutePath().normalize();
    try {
      // VACUUM INTO writes a fresh, compact copy of the database as this connection sees it,
      // in one read transaction: consistent even while commits go on around it.
      handle.execute("VACUUM INTO ?", to.toString());
    } catch (RuntimeException e) {
      throw new StorageException("The backup to " + to + " failed: " + explain(file, e), e);
    }
  }

  /** The value of {@code PRAGMA name} on the journal's connection, for tests. */
  String pragma(String name) {
    return handle.createQuery("PRAGMA " + name).mapTo(String.class).one();
  }

  @Override
  public String describe() {
    return "SQLite file " + file;
  }

  @Override
  public void close() {
    try {
      handle.close();
    } finally {
      holder.release();
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Already failing; the first failure is the one reported.
      }
    }
  }
}
