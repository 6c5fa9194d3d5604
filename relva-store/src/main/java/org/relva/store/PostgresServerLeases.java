package org.relva.store;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.relva.core.store.StorageException;

/**
 * {@link ServerLeases} as PostgreSQL session-level advisory locks, all held on one dedicated JDBC
 * connection. This class is thread-safe: every use of the connection and of the bookkeeping is
 * under one lock, and listeners and futures are told after it is let go.
 *
 * <h2>Why advisory locks rather than a lease row with an expiry</h2>
 *
 * A lease row needs its holder to renew it before it expires, and the others to judge expiry by a
 * clock: clock skew between the processes, a long garbage-collection pause or a stalled renewal
 * all let two processes believe they hold it. A session-level advisory lock has no clock in it:
 * PostgreSQL itself holds it for the session that took it and frees it when the session ends,
 * which it does when the process dies (the kernel closes the socket, the backend sees it and
 * exits), when the connection is closed, or when an operator terminates the backend. That freeing
 * is the takeover: the waiting process's next {@code pg_try_advisory_lock} succeeds. Nothing is
 * written, so there is no table to migrate and nothing to clean up after a crash. Because the lock
 * belongs to the session, the connection must be one of its own: a pooled connection would carry
 * the lock to whoever borrows it next, and a pool that replaces a connection silently drops it.
 *
 * <h2>The key</h2>
 *
 * A server's lock key is the first 64 bits of SHA-256 of {@code "relva/server-lease/" + id},
 * taken with the one-{@code bigint} form {@code pg_try_advisory_lock(bigint)}. The prefix keeps
 * Relva's keys apart from anything else that takes advisory locks in the same database (and the
 * two-{@code int} form of other programs lives in another space altogether: {@code objsubid} 2
 * instead of 1 in {@code pg_locks}). The two-{@code int} form with a fixed class id for Relva was
 * the alternative, but it leaves 32 bits per server: among 10,000 servers two would share a key
 * with a chance of about 1 in 90, and a shared key means one of them can never be served while
 * another process serves the other. With 64 bits the chance among a million servers is about 3 in
 * 100 million. A collision never lets two processes serve one server; it can only make one wait.
 * Advisory locks belong to a database, so deployments in different databases of one server do
 * not see each other's leases.
 *
 * <h2>Losing a lease, and the partition caveat</h2>
 *
 * Every {@code retryEvery} the lock connection is asked which advisory locks its session holds
 * ({@code pg_locks} for {@code pg_backend_pid()}); if the question fails (the connection dropped,
 * the backend was terminated, no answer within the socket timeout of {@value #SOCKET_TIMEOUT_S} s)
 * or a lock is missing, those leases are reported lost and the connection is thrown away; the
 * process must stop serving those servers. The honest limit is a network partition: the old
 * process stops serving after at most {@code retryEvery} + {@value #SOCKET_TIMEOUT_S} s, but on
 * the server side its session, and the locks, live until PostgreSQL notices the peer is gone.
 * So the lock connection turns on TCP keepalives on both ends ({@code tcpKeepAlive=true} for the
 * driver; the session sets {@code tcp_keepalives_idle} {@value #KEEPALIVE_IDLE_S} s, interval
 * {@value #KEEPALIVE_INTERVAL_S} s, count {@value #KEEPALIVE_COUNT}, and
 * {@code tcp_user_timeout}), so PostgreSQL ends such a session after about a minute, later than
 * the old process gives up (hence {@code retryEvery} is at most {@value #MAX_RETRY_S} s): the
 * leases are not taken over while the old process may still serve. Keepalives do not apply over
 * a Unix socket, where there is no partition. The session also turns
 * {@code idle_session_timeout} off for itself, so a server-wide setting cannot end it.
 */
final class PostgresServerLeases implements ServerLeases {
  static final int SOCKET_TIMEOUT_S = 10;
  static final int KEEPALIVE_IDLE_S = 30;
  static final int KEEPALIVE_INTERVAL_S = 10;
  static final int KEEPALIVE_COUNT = 3;
  static final int MAX_RETRY_S = 20;
  static final String APPLICATION_NAME = "relva-server-leases";
  private static final String NAMESPACE = "relva/server-lease/";
  private static final String HELD_KEYS = "SELECT classid::bigint, objid::bigint FROM pg_locks "
      + "WHERE locktype = 'advisory' AND objsubid = 1 AND granted AND pid = pg_backend_pid()";

  private final String url;
  private final String where;
  private final Properties properties;
  private final ScheduledExecutorService retries;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}, as are the fields below it; null while there is none. */
  private @Nullable Connection connection;
  private final Map<String, Long> held = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<Void>> pending = new LinkedHashMap<>();
  private boolean closed;
  private @Nullable ScheduledFuture<?> checks;
  private volatile LostListener lostListener = (servers, why) -> {};

  private PostgresServerLeases(String url, String where, Properties properties,
      ScheduledExecutorService retries) {
    this.url = url;
    this.where = where;
    this.properties = properties;
    this.retries = retries;
  }

  static PostgresServerLeases open(String jdbcUrl, String user, String password,
      ScheduledExecutorService retries, Duration retryEvery) {
    requireNonNull(jdbcUrl, "jdbcUrl");
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    requireNonNull(retries, "retries");
    requireNonNull(retryEvery, "retryEvery");
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new StorageException(PostgresBackend.SETTING + " must be a jdbc:postgresql:// URL to "
          + "share servers between processes, got '" + PostgresBackend.withoutQuery(jdbcUrl)
          + "'. Several processes need PostgreSQL; one process needs no leases.");
    }
    if (retryEvery.isNegative() || retryEvery.isZero()
        || retryEvery.compareTo(Duration.ofSeconds(MAX_RETRY_S)) > 0) {
      throw new IllegalArgumentException("retryEvery must be more than 0 and at most "
          + MAX_RETRY_S + " s (a lost lease must be noticed before PostgreSQL frees it for "
          + "another process), got " + retryEvery);
    }
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_S));
    PostgresServerLeases leases = new PostgresServerLeases(jdbcUrl,
        PostgresBackend.withoutQuery(jdbcUrl), properties, retries);
    long every = retryEvery.toNanos();
    leases.lock.lock();
    try {
      leases.connection(); // fails now, with the reason, if the server cannot be reached
      leases.checks = retries.scheduleWithFixedDelay(leases::tick, every, every,
          TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) { // the executor refused: it is shut down
      leases.closed = true;
      Connection c = leases.connection;
      leases.connection = null;
      if (c != null) {
        closeQuietly(c);
      }
      throw e;
    } finally {
      leases.lock.unlock();
    }
    return leases;
  }

  /** The lock key of {@code serverId}: see the class notes. */
  static long key(String serverId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((NAMESPACE + serverId).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static String checked(String serverId) {
    requireNonNull(serverId, "serverId");
    if (!RelvaStore.SCOPE_ID.matcher(serverId).matches()) {
      throw new IllegalArgumentException("a server id is a Discord snowflake or 'console': 1 to "
          + "64 of A-Z, a-z, 0-9, '_' and '-'; got '" + serverId + "'");
    }
    return serverId;
  }

  @Override
  public CompletableFuture<Void> acquire(String serverId) {
    checked(serverId);
    CompletableFuture<Void> future;
    lock.lock();
    try {
      refuseIfClosed();
      if (held.containsKey(serverId)) {
        return CompletableFuture.completedFuture(null);
      }
      future = pending.get(serverId);
      if (future != null) {
        return future;
      }
      future = new CompletableFuture<>();
      pending.put(serverId, future);
    } finally {
      lock.unlock();
    }
    CompletableFuture<Void> asked = future;
    asked.whenComplete((done, failure) -> {
      if (asked.isCancelled()) {
        withdraw(serverId, asked);
      }
    });
    try {
      retries.execute(this::tick); // the first attempt, now but off the caller's thread
    } catch (RuntimeException e) { // the executor is shut down: nothing would ever retry
      withdraw(serverId, asked);
      throw e;
    }
    return asked;
  }

  @Override
  public boolean tryAcquire(String serverId) {
    checked(serverId);
    Outcome outcome = new Outcome();
    boolean got;
    lock.lock();
    try {
      refuseIfClosed();
      if (held.containsKey(serverId)) {
        return true;
      }
      Connection c = connection();
      try {
        got = tryLock(c, serverId);
      } catch (SQLException e) {
        broken(e, outcome);
        throw new StorageException(brokenMessage(e), e);
      }
      if (got) {
        outcome.granted(serverId, pending.remove(serverId));
      }
    } finally {
      lock.unlock();
      outcome.tell(this);
    }
    return got;
  }

  @Override
  public boolean release(String serverId) {
    checked(serverId);
    Outcome outcome = new Outcome();
    @Nullable CompletableFuture<Void> withdrawn = null;
    boolean was = false;
    lock.lock();
    try {
      if (!closed) {
        withdrawn = pending.remove(serverId);
        Long key = held.remove(serverId);
        was = key != null;
        Connection c = connection;
        if (was && c != null) {
          try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            s.setLong(1, key);
            s.executeQuery().close();
          } catch (SQLException e) {
            broken(e, outcome); // gone with the session; the others are reported lost
          }
        }
      }
    } finally {
      lock.unlock();
      outcome.tell(this);
    }
    if (withdrawn != null) {
      withdrawn.cancel(false);
    }
    return was;
  }

  @Override
  public Set<String> held() {
    lock.lock();
    try {
      return Set.copyOf(held.keySet());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onLost(LostListener listener) {
    this.lostListener = requireNonNull(listener, "listener");
  }

  @Override
  public void close() {
    List<CompletableFuture<Void>> failed;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (checks != null) {
        checks.cancel(false);
      }
      failed = new ArrayList<>(pending.values());
      pending.clear();
      held.clear();
      Connection c = connection;
      connection = null;
      if (c != null) {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT pg_advisory_unlock_all()");
        } catch (SQLException e) {
          // Closing the session below frees them anyway.
        }
        closeQuietly(c);
      }
    } finally {
      lock.unlock();
    }
    StorageException why = new StorageException("The server leases on PostgreSQL at " + where
        + " were closed before this lease was free.");
    failed.forEach(f -> f.completeExceptionally(why));
  }

  /**
   * The periodic task, and the first attempt of an {@link #acquire}: checks the held leases, then
   * tries the pending ones. Never throws, or the executor would stop repeating it.
   */
  void tick() {
    Outcome outcome = new Outcome();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      check(outcome);
      pending.values().removeIf(CompletableFuture::isDone); // cancelled by their askers
      if (pending.isEmpty()) {
        return;
      }
      Connection c;
      try {
        c = connection();
      } catch (StorageException e) {
        return; // the database is away: the requests wait, and the next tick tries again
      }
      for (Iterator<Map.Entry<String, CompletableFuture<Void>>> it =
          pending.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, CompletableFuture<Void>> request = it.next();
        try {
          if (tryLock(c, request.getKey())) {
            it.remove();
            outcome.granted(request.getKey(), request.getValue());
          }
        } catch (SQLException e) {
          broken(e, outcome);
          break;
        }
      }
    } catch (RuntimeException e) {
      // Kept going: the next tick tries again.
    } finally {
      lock.unlock();
      outcome.tell(this);
    }
  }

  /** Checks that the session still holds every held lease; guarded by {@link #lock}. */
  private void check(Outcome outcome) {
    Connection c = connection;
    if (c == null) {
      return;
    }
    Set<Long> locked = new HashSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(HELD_KEYS)) {
      while (rs.next()) {
        locked.add(rs.getLong(1) << 32 | rs.getLong(2));
      }
    } catch (SQLException e) {
      broken(e, outcome);
      return;
    }
    Set<String> missing = new LinkedHashSet<>();
    held.entrySet().removeIf(e -> !locked.contains(e.getValue()) && missing.add(e.getKey()));
    if (!missing.isEmpty()) {
      outcome.lost(missing, new StorageException("PostgreSQL at " + where + " no longer holds "
          + "these servers' locks for this process's session (was pg_advisory_unlock_all run on "
          + "it?). Stop serving them; another process may take them over."));
    }
  }

  /** Takes the lock of {@code serverId} if free, and notes it held; guarded by {@link #lock}. */
  private boolean tryLock(Connection c, String serverId) throws SQLException {
    long key = key(serverId);
    boolean got;
    try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      s.setLong(1, key);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        got = rs.getBoolean(1);
      }
    }
    if (got) {
      held.put(serverId, key);
    }
    return got;
  }

  /** The lock connection dropped: every held lease went with it; guarded by {@link #lock}. */
  private void broken(SQLException e, Outcome outcome) {
    Connection c = connection;
    connection = null;
    if (c != null) {
      closeQuietly(c);
    }
    if (!held.isEmpty()) {
      outcome.lost(new LinkedHashSet<>(held.keySet()), new StorageException(brokenMessage(e), e));
      held.clear();
    }
  }

  private String brokenMessage(SQLException e) {
    return "The lease connection to PostgreSQL at " + where + " (" + PostgresBackend.SETTING
        + ") broke: " + PostgresBackend.rootMessage(e) + ". Its leases are gone with it: stop "
        + "serving those servers; another process may take them over.";
  }

  /** The lock connection, opened if there is none; guarded by {@link #lock}. */
  private Connection connection() {
    Connection c = connection;
    if (c != null) {
      return c;
    }
    try {
      c = DriverManager.getConnection(url, properties);
    } catch (SQLException | RuntimeException e) {
      throw new StorageException("Cannot reach the PostgreSQL database at " + where + " ("
          + PostgresBackend.SETTING + ") to hold server leases: " + PostgresBackend.rootMessage(e)
          + ". Check that the server runs and can be reached, and that "
          + PostgresBackend.SETTING + ", " + PostgresBackend.CREDENTIALS + " are right.", e);
    }
    try (Statement s = c.createStatement()) {
      c.setAutoCommit(true); // session locks, outside any transaction
      s.execute("SET tcp_keepalives_idle = " + KEEPALIVE_IDLE_S);
      s.execute("SET tcp_keepalives_interval = " + KEEPALIVE_INTERVAL_S);
      s.execute("SET tcp_keepalives_count = " + KEEPALIVE_COUNT);
      s.execute("SET tcp_user_timeout = " + (KEEPALIVE_IDLE_S
          + KEEPALIVE_INTERVAL_S * KEEPALIVE_COUNT) * 1_000);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StorageException("The PostgreSQL database at " + where + " ("
          + PostgresBackend.SETTING + ") refused to set up the lease connection: "
          + PostgresBackend.rootMessage(e) + ". Relva needs PostgreSQL 12 or newer for server "
          + "leases.", e);
    }
    try (Statement s = c.createStatement()) {
      s.execute("SET idle_session_timeout = 0");
    } catch (SQLException e) {
      // Before PostgreSQL 14 there is no such setting, and so nothing to turn off.
    }
    connection = c;
    return c;
  }

  private void withdraw(String serverId, CompletableFuture<Void> asked) {
    lock.lock();
    try {
      pending.remove(serverId, asked);
    } finally {
      lock.unlock();
    }
  }

  private void refuseIfClosed() {
    if (closed) {
      throw new StorageException("The server leases on PostgreSQL at " + where + " are closed.");
    }
  }

  /** The process id of the lock connection's backend, for tests; -1 if there is none. */
  int backendPid() {
    lock.lock();
    try {
      Connection c = connection;
      if (c == null) {
        return -1;
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        return rs.getInt(1);
      } catch (SQLException e) {
        return -1;
      }
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Gone already.
    }
  }

  @Override
  public String toString() {
    return "ServerLeases on PostgreSQL at " + where;
  }

  /**
   * What happened under the lock, told once it is let go: futures and listeners may run anyone's
   * code, which must not run while the connection is held.
   */
  private static final class Outcome {
    private final Map<String, CompletableFuture<Void>> granted = new LinkedHashMap<>();
    private final List<Map.Entry<Set<String>, StorageException>> lost = new ArrayList<>();

    void granted(String serverId, @Nullable CompletableFuture<Void> future) {
      if (future != null) {
        granted.put(serverId, future);
      }
    }

    void lost(Set<String> servers, StorageException why) {
      lost.add(Map.entry(Set.copyOf(servers), why));
    }

    void tell(PostgresServerLeases leases) {
      for (Map.Entry<Set<String>, StorageException> l : lost) {
        try {
          leases.lostListener.lost(l.getKey(), l.getValue());
        } catch (RuntimeException e) {
          // A listener's failure must not stop the others being told.
        }
      }
      granted.forEach((serverId, future) -> {
        if (!future.complete(null) && future.isCancelled()) {
          leases.release(serverId); // withdrawn while it was being taken
        }
      });
    }
  }
}
