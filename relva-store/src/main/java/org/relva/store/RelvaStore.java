package org.relva.store;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;
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
 * embedder's own stores are added with {@link Builder#store}. A change to a store it does not
 * know, or a value of the wrong type, is refused with a {@link StorageException} and nothing of
 * that commit is written; so is a database that holds a store it does not know.
 *
 * <p>One database may hold the state of many Discord servers, each in a scope of its own:
 * {@link #scope scope(id)} is the journal of the scope {@code id} (a server's id, say), which
 * loads, reads and commits that scope's rows and nothing of another's, so the bot can run one
 * Relva core and rating book a server on one database. This store is itself the journal of the
 * default scope, where a database from before scopes keeps its rows; the scopes' commits share
 * its lock, its transactions and its {@link #onCommit listener}. On PostgreSQL, several processes
 * may write one database, each its own scopes, and a scope may move from one process to another
 * once the first is done with it: the order of commits ({@link #newest}) holds within each scope.
 * A process that serves a server among others {@linkplain #claimScope claims} its scope, so that
 * once another process has claimed it, this one's late commits are refused instead of written
 * (fencing); an operator may {@linkplain #adoptDefaultScope move} a database's pre-scope state
 * into a server's scope, {@linkplain #scopes list} the scopes and {@linkplain #forgetScope
 * forget} one.
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
   * Told when a {@linkplain #claimScope claimed} scope's journal is fenced out: its commit found
   * another claim of the scope (or the scope forgotten or adopted into), so the process must stop
   * serving that server and ask for it anew. Called once a journal, on the committing thread,
   * before the commit throws; an exception it throws is ignored.
   */
  @FunctionalInterface
  public interface FenceListener {
    /**
     * @param scope the scope (the server) whose journal is fenced out
     * @param why the refusal the commit throws; its message says who holds the scope now
     */
    void fencedOut(String scope, StorageException why);
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
  /**
   * A claimed journal's fence, the first statement of each of its commits: it changes nothing,
   * but it matches the owner row only while the epoch is the claimed one, and on PostgreSQL it
   * locks that row until the commit ends, so a claim made meanwhile waits for the commit (which
   * then came first) and a commit after a claim finds the new epoch.
   */
  private static final String FENCE =
      "UPDATE scope_owners SET epoch = epoch WHERE scope = ? AND epoch = ?";
  private static final int HOLDER_MAX = 200;
  /** This journal's own scope, which holds everything written before there were scopes. */
  private static final String DEFAULT_SCOPE = "";
  /** A scope's id, which is also a server lease's ({@link PostgresServerLeases}). */
  static final Pattern SCOPE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Backend backend;
  private final Codecs codecs;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Scope> scopes = new ConcurrentHashMap<>();
  /** Each scope's open claim in this store, whose commits alone go through; see #claimScope. */
  private final Map<String, Claim> claims = new ConcurrentHashMap<>();
  private final Clock clock;
  private boolean closed;
  /**
   * Whether the database's store names were checked against the known ones; guarded by
   * {@link #lock}. Once is enough: this journal writes only known stores, and holds the database.
   */
  private boolean storesChecked;
  private volatile CommitListener commitListener = (took, written) -> {};
  private volatile FenceListener fenceListener = (scope, why) -> {};

  private RelvaStore(Backend backend, Codecs codecs, Clock clock) {
    this.backend = backend;
    this.codecs = codecs;
    this.clock = clock;
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
   * <p>This journal is not fenced: its commits land whoever else writes the scope, which suits one
   * process on SQLite and the console. While this store has an open {@linkplain #claimScope claim}
   * of the scope, though, this journal's commits are refused with a {@link StorageException}
   * (its loads and reads still work): within one process, only the claim's journal commits.
   *
   * @param id a Discord server's id or a name such as {@code console}: 1 to 64 of the letters
   *     {@code A-Z a-z}, digits, {@code _} and {@code -}
   * @throws IllegalArgumentException if {@code id} is not such a name
   */
  public StateJournal scope(String id) {
    return scopes.computeIfAbsent(checkId(id), Scope::new);
  }

  private static String checkId(String id) {
    requireNonNull(id, "id");
    if (!SCOPE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a scope's id is 1 to 64 of the letters A-Z a-z, "
          + "digits, '_' and '-' (a Discord server's id, say), got '" + id + "'");
    }
    return id;
  }

  /**
   * Claims the scope {@code id} for {@code holder} and returns its fenced journal: the journal a
   * process that serves the Discord server {@code id} among others, on a database other
   * processes share, commits through. In one transaction, the claim gives the scope a new epoch
   * (greater than any the database gave before) and records {@code holder} and the time; every
   * commit through the returned journal first checks, in its own transaction, that the scope's
   * epoch is still that one. Once another claim of the scope has been made (by another process,
   * or again by this one), or the scope was {@linkplain #forgetScope forgotten} or
   * {@linkplain #adoptDefaultScope adopted into}, such a commit fails with a
   * {@link StorageException} whose message says the server is now served elsewhere and by whom,
   * and writes nothing (the core then undoes the operation); the journal then refuses every
   * later commit at once. Its loads and reads keep working. A commit and a claim are ordered by
   * the database: a commit that was written came before the claim, so the new holder's load
   * sees it.
   *
   * <p>The order for a process: acquire the server's lease ({@link ServerLeases}), claim, then
   * load (build the core and rating book on the returned journal); on losing the lease, stop
   * serving and {@linkplain StateJournal#close close} the journal. The claim does not wait for,
   * nor check, the lease: it is the lease that keeps two processes from claiming in turn, and the
   * claim that keeps the one that lost from writing.
   *
   * <p>Within this store, the newest claim of a scope is its open claim: commits through
   * {@link #scope scope(id)} are refused while it is open, and an earlier claim's journal is
   * fenced out like another process's. Closing the journal ends the open claim in this store
   * (its commits are then refused, and {@code scope(id)} commits again); the scope's owner row
   * stays, for operators, until the next claim. Thread-safe, as the store is.
   *
   * @param id the scope, as for {@link #scope}
   * @param holder who claims it, for operators and for the message that fences out another
   *     holder (a process's host name and id, say): 1 to 200 characters, not blank
   * @throws IllegalArgumentException if {@code id} or {@code holder} is no such name
   * @throws StorageException if the database cannot be written; then nothing was claimed
   */
  public StateJournal claimScope(String id, String holder) {
    checkId(id);
    requireNonNull(holder, "holder");
    if (holder.isBlank() || holder.length() > HOLDER_MAX) {
      throw new IllegalArgumentException("a scope's holder is 1 to " + HOLDER_MAX
          + " characters, not blank (a process's host name and id, say), got '" + holder + "'");
    }
    String at = clock.instant().toString();
    return guarded(() -> {
      long epoch = backend.inTransaction(h -> {
        // The counter's row first, then the owner's: every transaction that takes both takes
        // them in this order (a commit takes the owner's alone), so none waits for another in a
        // circle.
        h.execute("UPDATE scope_epochs SET last_epoch = last_epoch + 1");
        long next = h.createQuery("SELECT last_epoch FROM scope_epochs").mapTo(Long.class).one();
        h.createUpdate("INSERT INTO scope_owners (scope, epoch, holder, claimed_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (scope) DO UPDATE SET epoch = excluded.epoch, "
                + "holder = excluded.holder, claimed_at = excluded.claimed_at")
            .bind(0, id).bind(1, next).bind(2, holder).bind(3, at).execute();
        return next;
      });
      Claim claim = new Claim(id, holder, epoch);
      claims.put(id, claim);
      return claim;
    });
  }

  /**
   * Whether the default scope holds any rows: the state of a database from before scopes (schema
   * version 3), which a bot serving many servers must not ignore. Such a bot refuses to start
   * while this is true, and tells the operator to start it once for the one server that state
   * belongs to, which {@linkplain #adoptDefaultScope adopts} it.
   *
   * @throws StorageException if the database cannot be read
   */
  public boolean hasDefaultScopeState() {
    return guarded(() -> backend.inTransaction(h -> holds(h, DEFAULT_SCOPE)));
  }

  /**
   * Moves every row of the default scope (a database from before scopes keeps a single server's
   * state there) into the scope {@code id}, in one transaction, each row keeping its place in
   * commit order, so the scope loads exactly what the default scope held and {@link #newest}
   * gives the same order. Only into an empty scope: if the scope {@code id} holds rows, nothing is
   * moved and a {@link StorageException} says so. Adopting again finds the default scope empty
   * and moves nothing, so it is safe at every start.
   *
   * <p>The scope's owner row, if it was {@linkplain #claimScope claimed}, is deleted: a holder
   * that loaded the scope before the move would commit on a state that is no longer the scope's,
   * so it is fenced out. Adopt first, then claim and load.
   *
   * @param id the scope that takes the rows, as for {@link #scope}: the server's id
   * @return the number of rows moved; 0 if the default scope held none
   * @throws IllegalArgumentException if {@code id} is no scope id
   * @throws StorageException if the scope {@code id} holds rows, or the database cannot be
   *     written; then nothing was moved
   */
  public int adoptDefaultScope(String id) {
    checkId(id);
    return guarded(() -> backend.inTransaction(h -> {
      if (!holds(h, DEFAULT_SCOPE)) {
        return 0; // at every start of one server: one seek, not a count
      }
      // The owner row before the entries: a fenced commit takes them in that order too.
      h.createUpdate("DELETE FROM scope_owners WHERE scope = ?").bind(0, id).execute();
      long held = rows(h, id);
      if (held > 0) {
        throw new StorageException("The default scope of " + backend.describe() + " (the state "
            + "of a database from before scopes) cannot be moved into scope '" + id + "': that "
            + "scope already holds " + held + (held == 1 ? " row" : " rows") + " of its own, "
            + "and the two would mix. Nothing was moved. If the scope's rows are the ones to "
            + "keep, delete the default scope's rows by hand; if not, forget the scope "
            + "(forgetScope) and adopt again.");
      }
      return h.createUpdate("UPDATE entries SET scope = ? WHERE scope = ?")
          .bind(0, id).bind(1, DEFAULT_SCOPE).execute();
    }));
  }

  /**
   * Deletes every row of the scope {@code id}, and its owner row, in one transaction: for an
   * operator who wants a server's state gone once the bot has left the server. A holder of the
   * scope's {@linkplain #claimScope claim} is fenced out by it. The default scope cannot be
   * forgotten this way (it has no id): it is this store itself, the state of a database from
   * before scopes, which {@link #adoptDefaultScope} moves into a scope first.
   *
   * @return the number of entry rows deleted (the owner row not counted); 0 if there were none
   * @throws IllegalArgumentException if {@code id} is no scope id
   * @throws StorageException if the database cannot be written; then nothing was deleted
   */
  public int forgetScope(String id) {
    checkId(id);
    return guarded(() -> backend.inTransaction(h -> {
      h.createUpdate("DELETE FROM scope_owners WHERE scope = ?").bind(0, id).execute();
      return h.createUpdate("DELETE FROM entries WHERE scope = ?").bind(0, id).execute();
    }));
  }

  /**
   * The ids of the scopes that hold rows, sorted: the servers this database knows, for an
   * operator's listing. The default scope is not among them (see {@link #hasDefaultScopeState});
   * a scope that was claimed but never committed to is not either. Reads the scope column's
   * index whole, so it costs a pass over the index, not over the values.
   *
   * @throws StorageException if the database cannot be read
   */
  public Set<String> scopes() {
    List<String> ids = guarded(() -> backend.inTransaction(h -> h.createQuery(
            "SELECT DISTINCT scope FROM entries WHERE scope <> ?")
        .bind(0, DEFAULT_SCOPE).mapTo(String.class).list()));
    return Collections.unmodifiableSortedSet(new TreeSet<>(ids));
  }

  /** Whether {@code scope} holds any row: one seek on the index. */
  private static boolean holds(Handle h, String scope) {
    return h.createQuery("SELECT 1 FROM entries WHERE scope = ? LIMIT 1")
        .bind(0, scope).mapTo(Integer.class).findOne().isPresent();
  }

  private static long rows(Handle h, String scope) {
    return h.createQuery("SELECT COUNT(*) FROM entries WHERE scope = ?")
        .bind(0, scope).mapTo(Long.class).one();
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
    commit(DEFAULT_SCOPE, null, changes);
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

  /**
   * Commits {@code changes} to {@code scope}: through its claim's fence if {@code claim} is given,
   * else unfenced (refused while this store has an open claim of the scope).
   */
  private void commit(String scope, @Nullable Claim claim, List<Change> changes) {
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
      if (claim != null) {
        claim.refuseIfOut(); // even an empty commit: a fenced-out journal refuses every one
      }
      return;
    }
    long start = System.nanoTime();
    boolean written = false;
    try {
      write(scope, claim, puts, deletes);
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
   * have one writer at a time: a {@linkplain #claimScope claim}'s fence, checked first, makes
   * sure of it.
   */
  private void write(String scope, @Nullable Claim claim, List<Object[]> puts,
      List<Object[]> deletes) {
    guarded(() -> {
      if (claim != null) {
        claim.refuseIfOut(); // at once, and told to the listener as a failed commit
      }
      return backend.inTransaction(h -> {
        if (claim != null) {
          claim.fence(h);
        } else {
          Claim open = claims.get(scope);
          if (open != null) {
            throw new StorageException("Scope '" + scope + "' of " + backend.describe()
                + " is claimed in this process by '" + open.holder + "' (claimScope): commit "
                + "through the journal that claim returned, not through scope(id). Nothing was "
                + "written.");
          }
        }
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
      });
    });
  }

  /**
   * Tells {@code listener} of every commit from now on (and no longer the listener set before):
   * the bot's metrics time the journal's commits through it.
   */
  public void onCommit(CommitListener listener) {
    this.commitListener = requireNonNull(listener, "listener");
  }

  /** Tells {@code listener} of each claimed journal fenced out (and no longer the one before). */
  public void onFencedOut(FenceListener listener) {
    this.fenceListener = requireNonNull(listener, "listener");
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
  private class Scope implements StateJournal {
    final String id;

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
      RelvaStore.this.commit(id, null, changes);
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
   * The fenced journal of one scope, which {@link RelvaStore#claimScope} returns: it reads as a
   * {@link Scope} does, and commits only while the scope's epoch is {@link #epoch}.
   * Thread-safe: the refusal, once known, is kept in a volatile field.
   */
  private final class Claim extends Scope {
    private final String holder;
    private final long epoch;
    /** Why every commit is refused from now on: fenced out, or closed; null while it may commit. */
    private volatile @Nullable String refusal;

    Claim(String id, String holder, long epoch) {
      super(id);
      this.holder = holder;
      this.epoch = epoch;
    }

    void refuseIfOut() {
      String why = refusal;
      if (why != null) {
        throw new StorageException(why);
      }
    }

    /**
     * The first statement of each commit's transaction: passes if the scope's owner row still has
     * this claim's epoch (and, on PostgreSQL, locks the row until the commit ends); else remembers
     * why and throws, so the transaction is rolled back and nothing is written.
     */
    void fence(Handle h) {
      if (h.createUpdate(FENCE).bind(0, id).bind(1, epoch).execute() == 1) {
        return;
      }
      record Owner(long epoch, String holder, String claimedAt) {}
      Optional<Owner> now = h.createQuery(
              "SELECT epoch, holder, claimed_at FROM scope_owners WHERE scope = ?")
          .bind(0, id)
          .map((rs, ctx) -> new Owner(rs.getLong(1), rs.getString(2), rs.getString(3)))
          .findOne();
      String mine = "'" + holder + "' (epoch " + epoch + ")";
      String why = now.map(o -> "Server '" + id + "' is now served by another process: '"
              + o.holder() + "' claimed its scope at " + o.claimedAt() + " (epoch " + o.epoch()
              + "), after this journal's claim by " + mine + ". ")
          .orElse("Server '" + id + "' is no longer this process's: its scope's owner row is "
              + "gone since this journal's claim by " + mine + " (an operator forgot the scope, "
              + "or adopted the default scope into it). ")
          + "Nothing of this commit was written, and this journal refuses every later commit; "
          + "stop serving the server here (claim it again only once its lease is held anew).";
      refusal = why;
      StorageException refused = new StorageException(why);
      try {
        fenceListener.fencedOut(id, refused);
      } catch (RuntimeException e) {
        // A listener never changes what the commit answers.
      }
      throw refused;
    }

    @Override
    public void commit(List<Change> changes) {
      RelvaStore.this.commit(id, this, changes);
    }

    /**
     * Ends this claim in the store: every later commit is refused, and {@code scope(id)} commits
     * again (unless a newer claim of the scope is open). The owner row stays. Loads and reads
     * still work while the store is open; the store owns the connections, and closes them.
     */
    @Override
    public void close() {
      if (refusal == null) {
        refusal = "This journal of server '" + id + "' (claimed by '" + holder + "', epoch "
            + epoch + ") is closed; nothing was written. Claim the scope again to commit.";
      }
      claims.remove(id, this);
    }

    @Override
    public String toString() {
      return "scope '" + id + "' of " + RelvaStore.this + ", claimed by '" + holder + "' (epoch "
          + epoch + ")";
    }
  }

  /**
   * Sets up a {@link RelvaStore}: the built-in stores, an embedder's own, and the database. Not
   * thread-safe; each call to {@link #sqlite} or {@link #postgres} opens a new journal.
   */
  public static final class Builder {
    private final Map<String, Type[]> stores = Codecs.builtIn();
    private Duration timeout = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();

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

    /** The clock a claim's time ({@code claimed_at}, for operators) is read from; the system's. */
    Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** See {@link RelvaStore#sqlite}. */
    public RelvaStore sqlite(Path file, Durability durability) {
      requireNonNull(file, "file");
      requireNonNull(durability, "durability");
      Codecs codecs = Codecs.of(stores);
      return new RelvaStore(SqliteBackend.open(file, durability), codecs, clock);
    }

    /** See {@link RelvaStore#postgres}. */
    public RelvaStore postgres(String jdbcUrl, String user, String password) {
      requireNonNull(jdbcUrl, "jdbcUrl");
      requireNonNull(user, "user");
      requireNonNull(password, "password");
      Codecs codecs = Codecs.of(stores);
      return new RelvaStore(PostgresBackend.open(jdbcUrl, user, password, timeout), codecs,
          clock);
    }
  }
}
