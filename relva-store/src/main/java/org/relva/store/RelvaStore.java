package org.relva.store;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;

/**
 * Relva's durable {@link StateJournal}: every store's entries in one table of a SQLite file (the
 * embedded default, {@link #sqlite}) or of a PostgreSQL database ({@link #postgres}), keys and
 * values as JSON text. This class is thread-safe: commits from several threads are applied one at
 * a time, each in its own transaction.
 *
 * <pre>{@code
 * StateJournal journal = RelvaStore.sqlite(Path.of("relva.db"), Durability.PROCESS_CRASH);
 * Relva relva = Relva.builder().journal(journal).channels(channels).build();
 * }</pre>
 *
 * <p>It knows the types of every store the core ({@code RelvaStores.byName()}) and the matchmaking
 * engine ({@code ratings}, {@code ratedMatches}, {@code pops}, {@code popCounts}, and a rating
 * ladder's or a queue's copy of them, such as {@code ratings@2v2}: {@code StoreNames}) keep; an
 * embedder's own stores are
 * added with {@link Builder#store}. A change to a store it does not know, or a value of the wrong
 * type, is refused with a {@link StorageException} and nothing of that commit is written; so is
 * a database that holds a store it does not know.
 *
 * <p>One database may hold the state of many Discord servers, each in a scope of its own:
 * {@link #scope scope(id)} is the journal of the scope {@code id} (a server's id, say), which
 * loads, reads and commits that scope's rows and nothing of another's, so the bot can run one
 * Relva core and rating book a server on one database. This store is itself the journal of the
 * default scope, where a database from before scopes keeps its rows; the scopes' commits share
 * its lock, its transactions and its {@link #onCommit listener}. On PostgreSQL, several processes
 * may write one database, each its own scopes, and a scope may move from one process to another
 * once the first is done with it: the order of commits ({@link #newest}) holds within each scope.
 *
 * <p>Opening checks the database before changing it: a missing directory, a file that is not a
 * database, a locked file, a read-only place, a schema from a newer Relva or an unreachable server
 * each stop it with a {@link StorageException} whose message names the setting
 * ({@code RELVA_DATA} / {@code relva.data}, {@code RELVA_DATABASE_URL} / {@code relva.databaseUrl})
 * and the fix, and nothing on disk is changed. The schema is versioned with Flyway and brought up
 * to date on opening.
 *
 * <p>Limits: on SQLite, a lock file ({@code relva.db.lock}) keeps a second Relva off the file while
 * the journal is open, but other processes may read it (so {@link #backupSqlite} works from
 * another process); each commit is its own transaction
 * (no group commit), so a busy bot's throughput is bound by the database's commit latency.
 * Reading one entry ({@link #read}), the keys of a store ({@link #keys}) or its newest entries
 * ({@link #newest}) reads only those rows, so the core's history need not be loaded at start.
 */
public final class RelvaStore implements StateJournal {

  /** How much a SQLite journal's commits survive, and what it costs. */
  public enum Durability {
    /**
     * Survives the process being killed at any moment: SQLite's write-ahead log with
     * {@code synchronous=NORMAL}. A commit is in the operating system's hands when it returns;
     * losing power or the operating system may lose the last commits (never corrupt the file).
     * The default: it costs no disk flush per commit.
     */
    PROCESS_CRASH,
    /**
     * Also survives losing power: {@code synchronous=FULL}, so each commit waits for the
     * write-ahead log to be flushed to the disk. Costs a disk flush per commit, which is
     * milliseconds on many disks.
     */
    POWER_LOSS
  }

  /**
   * Told how long each commit took, for an operator's metrics; a plain hook, so this module needs
   * no metrics library. Called on the committing thread once the commit is over, whether it was
   * written or failed; an exception it throws is ignored, so metrics never fail a commit.
   */
  @FunctionalInterface
  public interface CommitListener {
    /**
     * @param took from the call to {@link RelvaStore#commit} to its end, waiting for the journal's
     *     lock included: what the core waited
     * @param written whether the commit was written (false: it threw a {@link StorageException})
     */
    void committed(Duration took, boolean written);
  }

  /**
   * A new key takes the next place in its store's commit order ({@code seq}); a changed one keeps
   * its own. The place is read in the same statement, by one seek on the index (scope,
   * store_name, seq).
   */
  private static final String UPSERT = "INSERT INTO entries (scope, store_name, entry_key, "
      + "entry_value, seq) VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM entries "
      + "WHERE scope = ? AND store_name = ?)) ON CONFLICT (scope, store_name, entry_key) "
      + "DO UPDATE SET entry_value = excluded.entry_value";
  private static final String DELETE =
      "DELETE FROM entries WHERE scope = ? AND store_name = ? AND entry_key = ?";
  /** This journal's own scope, which holds everything written before there were scopes. */
  private static final String DEFAULT_SCOPE = "";
  private static final Pattern SCOPE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Backend backend;
  private final Codecs codecs;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Scope> scopes = new ConcurrentHashMap<>();
  private boolean closed;
  /**
   * Whether the database's store names were checked against the known ones; guarded by
   * {@link #lock}. Once is enough: this journal writes only known stores, and holds the database.
   */
  private boolean storesChecked;
  private volatile CommitListener commitListener = (took, written) -> {};

  private RelvaStore(Backend backend, Codecs codecs) {
    this.backend = backend;
    this.codecs = codecs;
  }

  /**
   * A journal in the SQLite file {@code file}, created if it does not exist.
   *
   * @throws StorageException if the file cannot be used; the message names {@code RELVA_DATA}
   */
  public static RelvaStore sqlite(Path file, Durability durability) {
    return builder().sqlite(file, durability);
  }

  /**
   * A journal in the PostgreSQL database at {@code jdbcUrl} ({@code jdbc:postgresql://host/db}).
   * Commits are durable once PostgreSQL answers them (its defaults flush its log on commit).
   *
   * @throws StorageException if the server cannot be reached or refuses; the message names
   *     {@code RELVA_DATABASE_URL} and never the password
   */
  public static RelvaStore postgres(String jdbcUrl, String user, String password) {
    return builder().postgres(jdbcUrl, user, password);
  }

  /**
   * Writes a consistent copy of the SQLite database {@code file} to {@code target} (a new file),
   * from this process, while a Relva in another process holds and writes it: the operator's
   * {@code --backup}. To restore, stop Relva and put the copy in place of the file.
   *
   * @throws StorageException if {@code file} is no Relva database, or {@code target} exists or
   *     has no directory; the message says which
   */
  public static void backupSqlite(Path file, Path target) {
    SqliteBackend.copy(file, target);
  }

  /** A builder, to add an embedder's own stores to the built-in ones. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The guard that lets several Relva processes share the PostgreSQL database at
   * {@code jdbcUrl} without two of them serving one Discord server at once: a lease per server,
   * held as an advisory lock on a connection of its own. Attempts and checks run every
   * {@code retryEvery} (more than 0, at most 20 s) on {@code retries}, which the caller owns and
   * shuts down. Needs no table; one process on SQLite needs no leases. See {@link ServerLeases}.
   *
   * @throws StorageException if the server cannot be reached or refuses; the message names
   *     {@code RELVA_DATABASE_URL} and never the password
   * @throws IllegalArgumentException if {@code retryEvery} is out of range
   */
  public static ServerLeases serverLeases(String jdbcUrl, String user, String password,
      java.util.concurrent.ScheduledExecutorService retries, Duration retryEvery) {
    return PostgresServerLeases.open(jdbcUrl, user, password, retries, retryEvery);
  }

  /**
   * The journal of the scope {@code id} of this database: a {@link StateJournal} whose loads,
   * reads and commits see and write that scope's rows only, as if it were a database of its own.
   * One Relva core and rating book a Discord server, each journaled to the scope of the server's
   * id, share one database this way. The scope need not exist: it is empty until the first
   * commit to it. Asked again for the same id, this store gives the same journal.
   *
   * <p>A scope's commits go through this store, one at a time with every other scope's, each in
   * its own transaction, and are told to its {@link #onCommit listener}. Closing a scope's journal
   * does nothing (the journal of one server does not own the others' database): close this
   * store. This store is itself the journal of the default scope, which holds what was written
   * before there were scopes.
   *
   * @param id a Discord server's id or a name such as {@code console}: 1 to 64 of the letters
   *     {@code A-Z a-z}, digits, {@code _} and {@code -}
   * @throws IllegalArgumentException if {@code id} is not such a name
   */
  public StateJournal scope(String id) {
    requireNonNull(id, "id");
    if (!SCOPE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a scope's id is 1 to 64 of the letters A-Z a-z, "
          + "digits, '_' and '-' (a Discord server's id, say), got '" + id + "'");
    }
    return scopes.computeIfAbsent(id, Scope::new);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Rows are decoded as they are read, in one read transaction, so the JSON text of a large
   * database is never all in memory at once.
   */
  @Override
  public Map<String, Map<Object, Object>> load() {
    return load(DEFAULT_SCOPE, codecs.names());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the rows of those stores only, each store's in commit order, decoding them as they
   * are read; and refuses a database holding a store this journal does not know.
   */
  @Override
  public Map<String, Map<Object, Object>> load(Set<String> names) {
    return load(DEFAULT_SCOPE, names);
  }

  /** {@inheritDoc} One row, by its key. */
  @Override
  public Optional<Object> read(String name, Object key) {
    return read(DEFAULT_SCOPE, name, key);
  }

  /** {@inheritDoc} The keys alone: the values are not read. */
  @Override
  public Set<Object> keys(String name) {
    return keys(DEFAULT_SCOPE, name);
  }

  /** {@inheritDoc} Reads those rows only, by the index on commit order. */
  @Override
  public List<Map.Entry<Object, Object>> newest(String name, int limit) {
    return newest(DEFAULT_SCOPE, name, limit);
  }

  @Override
  public void commit(List<Change> changes) {
    commit(DEFAULT_SCOPE, changes);
  }

  private Map<String, Map<Object, Object>> load(String scope, Set<String> names) {
    record Entry(String store, Object key, Object value) {}
    List<String> wanted = names.stream().filter(codecs::knows).sorted().toList();
    Map<String, Map<Object, Object>> state = new LinkedHashMap<>();
    guarded(() -> backend.inTransaction(h -> {
      if (!storesChecked) {
        // Every scope's: the database as a whole must hold only stores this Relva knows.
        for (String store : h.createQuery("SELECT DISTINCT store_name FROM entries")
            .mapTo(String.class).list()) {
          if (!codecs.knows(store)) {
            throw new StorageException(backend.describe() + " holds entries of a store named '"
                + store + "', which this Relva does not know (it knows " + codecs.names()
                + "). Was it written by a newer Relva, or by an embedder with its own stores? "
                + "Register the store with RelvaStore.builder().store(...).");
          }
        }
        storesChecked = true;
      }
      if (wanted.isEmpty()) {
        return null;
      }
      h.createQuery("SELECT store_name, entry_key, entry_value FROM entries "
              + "WHERE scope = :scope AND store_name IN (<names>) "
              + "ORDER BY store_name, seq, entry_key")
          .bind("scope", scope)
          .bindList("names", wanted)
          .setFetchSize(1_000)
          .map((rs, ctx) -> {
            String store = rs.getString(1);
            return new Entry(store, codecs.decodeKey(store, rs.getBytes(2)),
                codecs.decodeValue(store, rs.getBytes(3)));
          })
          .forEach(e -> state.computeIfAbsent(e.store(), s -> new LinkedHashMap<>())
              .put(e.key(), e.value()));
      return null;
    }));
    return state;
  }

  private Optional<Object> read(String scope, String name, Object key) {
    String encoded = codecs.encodeKey(name, requireNonNull(key, "key"));
    Optional<byte[]> value = guarded(() -> backend.inTransaction(h -> h.createQuery(
            "SELECT entry_value FROM entries WHERE scope = ? AND store_name = ? AND entry_key = ?")
        .bind(0, scope).bind(1, name).bind(2, encoded).mapTo(byte[].class).findOne()));
    return value.map(json -> codecs.decodeValue(name, json));
  }

  private Set<Object> keys(String scope, String name) {
    codecs.check(name);
    List<byte[]> keys = guarded(() -> backend.inTransaction(h -> h.createQuery(
            "SELECT entry_key FROM entries WHERE scope = ? AND store_name = ?")
        .bind(0, scope).bind(1, name).setFetchSize(10_000).mapTo(byte[].class).list()));
    Set<Object> decoded = new HashSet<>(keys.size() * 2);
    keys.forEach(k -> decoded.add(codecs.decodeKey(name, k)));
    return Collections.unmodifiableSet(decoded);
  }

  private List<Map.Entry<Object, Object>> newest(String scope, String name, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    codecs.check(name);
    List<Map.Entry<Object, Object>> newest = new ArrayList<>(guarded(() -> backend.inTransaction(
        h -> h.createQuery("SELECT entry_key, entry_value FROM entries WHERE scope = ? "
                + "AND store_name = ? ORDER BY seq DESC, entry_key DESC LIMIT ?")
            .bind(0, scope).bind(1, name).bind(2, limit)
            .map((rs, ctx) -> Map.entry(codecs.decodeKey(name, rs.getBytes(1)),
                codecs.decodeValue(name, rs.getBytes(2))))
            .list())));
    Collections.reverse(newest);
    return List.copyOf(newest);
  }

  private void commit(String scope, List<Change> changes) {
    // Encoded before the transaction: a change this journal cannot keep stops the commit before
    // anything is written. Keyed by store and key, so the last change of a key wins.
    Map<List<String>, String> upserts = new LinkedHashMap<>();
    for (Change change : changes) {
      String key = codecs.encodeKey(change.store(), change.key());
      List<String> slot = List.of(change.store(), key);
      upserts.remove(slot);
      upserts.put(slot, change.value()
          .map(v -> codecs.encodeValue(change.store(), v)).orElse(null));
    }
    List<Object[]> puts = new ArrayList<>();
    List<Object[]> deletes = new ArrayList<>();
    upserts.forEach((slot, value) -> {
      if (value == null) {
        deletes.add(new Object[] {scope, slot.get(0), slot.get(1)});
      } else {
        puts.add(new Object[] {scope, slot.get(0), slot.get(1), value, scope, slot.get(0)});
      }
    });
    if (puts.isEmpty() && deletes.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    boolean written = false;
    try {
      write(scope, puts, deletes);
      written = true;
    } finally {
      Duration took = Duration.ofNanos(Math.max(0, System.nanoTime() - start));
      try {
        commitListener.committed(took, written);
      } catch (RuntimeException e) {
        // Metrics never fail a commit, nor hide the reason one failed.
      }
    }
  }

  /**
   * Writes one commit of {@code scope} in one transaction. A new key takes the next place in its
   * store's commit order ({@code seq}), read from the database by the insert itself (a seek on
   * the index (scope, store_name, seq)): a counter kept in memory would be wrong as soon as
   * another process has written the scope (on PostgreSQL, a server's scope handed from one bot
   * process to another), and a query of its own per store made commits markedly slower than this
   * (JMH {@code StoreBenchmark}, figures in the README). Two processes writing one scope at the
   * same moment could take the same place; a tie is then ordered by key, and a scope is meant to
   * have one writer at a time.
   */
  private void write(String scope, List<Object[]> puts, List<Object[]> deletes) {
    guarded(() -> backend.inTransaction(h -> {
      if (!puts.isEmpty()) {
        PreparedBatch batch = h.prepareBatch(UPSERT);
        puts.forEach(row -> batch.add(row));
        batch.execute();
      }
      if (!deletes.isEmpty()) {
        PreparedBatch batch = h.prepareBatch(DELETE);
        deletes.forEach(row -> batch.add(row));
        batch.execute();
      }
      return null;
    }));
  }

  /**
   * Tells {@code listener} of every commit from now on (and no longer the listener set before):
   * the bot's metrics time the journal's commits through it.
   */
  public void onCommit(CommitListener listener) {
    this.commitListener = requireNonNull(listener, "listener");
  }

  /**
   * Asks the database a trivial question, for a health check: returns once it answers.
   *
   * @throws StorageException if it does not (the server is down, the file is gone) or this
   *     journal is closed; the message says which
   */
  public void check() {
    guarded(() -> backend.inTransaction(h -> h.createQuery("SELECT 1").mapTo(Integer.class)
        .one()));
  }

  /**
   * Writes a consistent copy of this SQLite journal to the new file {@code target} while it stays
   * in use (SQLite's {@code VACUUM INTO}, in one read transaction); commits wait meanwhile. To
   * restore, stop Relva and put the copy in place of the database file. For PostgreSQL use
   * {@code pg_dump}.
   *
   * @throws StorageException if {@code target} exists, its directory does not, the copy fails,
   *     or this journal is on PostgreSQL
   */
  public void backup(Path target) {
    requireNonNull(target, "target");
    guarded(() -> {
      backend.backup(target);
      return null;
    });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        backend.close();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The database, for tests in this package. */
  Backend backend() {
    return backend;
  }

  @Override
  public String toString() {
    return "RelvaStore on " + backend.describe();
  }

  private interface Work<R> {
    R run();
  }

  private <R> R guarded(Work<R> work) {
    lock.lock();
    try {
      if (closed) {
        throw new StorageException("This journal on " + backend.describe() + " is closed.");
      }
      return work.run();
    } catch (StorageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StorageException(backend.explain(e), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The journal of one scope of this store's database; see {@link RelvaStore#scope}. Thread-safe
   * as the store is: it holds nothing but the scope's id.
   */
  private final class Scope implements StateJournal {
    private final String id;

    Scope(String id) {
      this.id = id;
    }

    @Override
    public Map<String, Map<Object, Object>> load() {
      return RelvaStore.this.load(id, codecs.names());
    }

    @Override
    public Map<String, Map<Object, Object>> load(Set<String> names) {
      return RelvaStore.this.load(id, names);
    }

    @Override
    public Optional<Object> read(String name, Object key) {
      return RelvaStore.this.read(id, name, key);
    }

    @Override
    public Set<Object> keys(String name) {
      return RelvaStore.this.keys(id, name);
    }

    @Override
    public List<Map.Entry<Object, Object>> newest(String name, int limit) {
      return RelvaStore.this.newest(id, name, limit);
    }

    @Override
    public void commit(List<Change> changes) {
      RelvaStore.this.commit(id, changes);
    }

    /** Does nothing: the store owns the database's connections, and closes them. */
    @Override
    public void close() {}

    @Override
    public String toString() {
      return "scope '" + id + "' of " + RelvaStore.this;
    }
  }

  /**
   * Sets up a {@link RelvaStore}: the built-in stores, an embedder's own, and the database. Not
   * thread-safe; each call to {@link #sqlite} or {@link #postgres} opens a new journal.
   */
  public static final class Builder {
    private final Map<String, Type[]> stores = Codecs.builtIn();
    private Duration timeout = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * Keeps the store {@code name} as well, whose keys are of {@code keyType} and values of
     * {@code valueType} (a {@code Class}, or a generic type such as a {@code List<String>}). Both
     * are written as JSON through their record components or bean properties; records round-trip
     * best.
     *
     * @throws IllegalArgumentException if a store of that name is already known
     */
    public Builder store(String name, Type keyType, Type valueType) {
      requireNonNull(name, "name");
      if (name.isBlank() || stores.containsKey(name)) {
        throw new IllegalArgumentException(name.isBlank() ? "a store needs a name"
            : "a store named '" + name + "' is already known: " + stores.keySet());
      }
      stores.put(name, new Type[] {requireNonNull(keyType, "keyType"),
          requireNonNull(valueType, "valueType")});
      return this;
    }

    /** How long a PostgreSQL journal waits for a connection before a commit fails; 5 s. */
    Builder connectionTimeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /** See {@link RelvaStore#sqlite}. */
    public RelvaStore sqlite(Path file, Durability durability) {
      requireNonNull(file, "file");
      requireNonNull(durability, "durability");
      Codecs codecs = Codecs.of(stores);
      return new RelvaStore(SqliteBackend.open(file, durability), codecs);
    }

    /** See {@link RelvaStore#postgres}. */
    public RelvaStore postgres(String jdbcUrl, String user, String password) {
      requireNonNull(jdbcUrl, "jdbcUrl");
      requireNonNull(user, "user");
      requireNonNull(password, "password");
      Codecs codecs = Codecs.of(stores);
      return new RelvaStore(PostgresBackend.open(jdbcUrl, user, password, timeout), codecs);
    }
  }
}
