package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.store.StorageException;

/**
 * Two {@link ServerLeases} on one real PostgreSQL, each with its own lock connection, stand for
 * two processes; the test moves their retries by hand. The crash of a real process is
 * {@link ServerLeasesCrashTest}'s.
 */
class ServerLeasesTest {
  private static final String SECRET = "s3cret-Pa55";
  private static final Duration EVERY = Duration.ofSeconds(5);

  private final ManualScheduler firstRetries = new ManualScheduler();
  private final ManualScheduler secondRetries = new ManualScheduler();
  private final List<ServerLeases> opened = new ArrayList<>();
  private String url;

  @BeforeEach
  void database() {
    url = TestPostgres.newDatabase();
  }

  @AfterEach
  void closeAll() {
    opened.forEach(ServerLeases::close);
  }

  private ServerLeases leases(ManualScheduler retries) {
    ServerLeases leases = RelvaStore.serverLeases(url, TestPostgres.USER, TestPostgres.PASSWORD,
        retries, EVERY);
    opened.add(leases);
    return leases;
  }

  @Test
  @DisplayName("a held server is refused to the other process, whose acquire waits through the "
      + "retries and completes at the first one after the release")
  void secondWaits_thenTakesOverAfterRelease() {
    ServerLeases first = leases(firstRetries);
    ServerLeases second = leases(secondRetries);

    CompletableFuture<Void> firstA = first.acquire("A");
    assertThat(firstA).as("nothing runs until the executor runs it").isNotDone();
    firstRetries.runQueued();
    assertThat(firstA).isCompleted();
    assertThat(first.held()).containsExactly("A");

    assertThat(second.tryAcquire("A")).isFalse();
    CompletableFuture<Void> secondA = second.acquire("A");
    assertThat(second.acquire("A")).as("asked again while waiting: the same request")
        .isSameAs(secondA);
    for (int i = 0; i < 5; i++) {
      secondRetries.tick();
      firstRetries.tick();
    }
    assertThat(secondA).isNotDone();
    assertThat(second.held()).isEmpty();

    assertThat(second.tryAcquire("B")).as("another server, at the same time").isTrue();
    assertThat(first.tryAcquire("B")).isFalse();
    assertThat(first.held()).containsExactly("A");
    assertThat(second.held()).containsExactly("B");

    assertThat(first.release("A")).isTrue();
    assertThat(first.held()).isEmpty();
    assertThat(secondA).as("until the next retry").isNotDone();
    secondRetries.tick();
    assertThat(secondA).isCompleted();
    assertThat(second.held()).containsExactlyInAnyOrder("A", "B");
    assertThat(first.tryAcquire("A")).isFalse();
    assertThat(second.acquire("A")).as("held: done at once").isCompleted();
    assertThat(second.tryAcquire("A")).isTrue();
  }

  @Test
  @DisplayName("releasing a server not held does nothing and says so")
  void releaseUnheld_isANoOp() {
    ServerLeases first = leases(firstRetries);
    ServerLeases second = leases(secondRetries);
    assertThat(first.release("never")).isFalse();
    assertThat(second.tryAcquire("A")).isTrue();
    assertThat(first.release("A")).as("held by the other process, not this one").isFalse();
    assertThat(first.tryAcquire("A")).isFalse();
    assertThat(second.held()).containsExactly("A");
    assertThat(second.release("A")).isTrue();
    assertThat(second.release("A")).isFalse();
    assertThat(first.tryAcquire("A")).isTrue();
  }

  @Test
  @DisplayName("a released or cancelled request withdraws, and the lease stays free for others")
  void withdrawnRequest_takesNothing() {
    ServerLeases first = leases(firstRetries);
    ServerLeases second = leases(secondRetries);
    ServerLeases third = leases(new ManualScheduler());
    assertThat(first.tryAcquire("A")).isTrue();
    CompletableFuture<Void> cancelled = second.acquire("A");
    CompletableFuture<Void> released = third.acquire("A");
    cancelled.cancel(false);
    assertThat(third.release("A")).as("it was only asked for").isFalse();
    assertThat(released).isCancelled();

    first.release("A");
    secondRetries.tick();
    assertThat(second.held()).isEmpty();
    assertThat(first.tryAcquire("A")).isTrue();
  }

  @Test
  @DisplayName("close releases every lease to the others and fails the requests still waiting")
  void close_releasesAll() {
    ServerLeases first = leases(firstRetries);
    ServerLeases second = leases(secondRetries);
    assertThat(first.tryAcquire("A")).isTrue();
    assertThat(first.tryAcquire("123456789012345678")).isTrue();
    assertThat(second.tryAcquire("console")).isTrue();
    CompletableFuture<Void> waiting = first.acquire("console");
    firstRetries.runQueued();
    assertThat(firstRetries.repeatingTasks()).isEqualTo(1);

    first.close();
    first.close();
    assertThat(firstRetries.repeatingTasks()).as("its checks stopped").isZero();
    assertThat(waiting).isCompletedExceptionally();
    assertThatThrownBy(waiting::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(StorageException.class).hasMessageContaining("closed");
    assertThat(first.held()).isEmpty();
    assertThat(second.tryAcquire("A")).isTrue();
    assertThat(second.tryAcquire("123456789012345678")).isTrue();
    assertThatThrownBy(() -> first.acquire("B")).isInstanceOf(StorageException.class)
        .hasMessageContaining("closed");
    assertThat(first.release("A")).isFalse();
  }

  @Test
  @DisplayName("a held lease whose backend is terminated is reported lost at the next check, "
      + "and the others can take it")
  void terminatedBackend_reportsLost() throws Exception {
    ServerLeases holder = leases(firstRetries);
    ServerLeases other = leases(secondRetries);
    List<Set<String>> lost = new ArrayList<>();
    List<StorageException> why = new ArrayList<>();
    holder.onLost((servers, reason) -> {
      lost.add(servers);
      why.add(reason);
    });
    assertThat(holder.tryAcquire("A")).isTrue();
    assertThat(holder.tryAcquire("B")).isTrue();
    firstRetries.tick();
    assertThat(lost).as("a healthy check loses nothing").isEmpty();

    int pid = ((PostgresServerLeases) holder).backendPid();
    try (Connection admin = DriverManager.getConnection(url, TestPostgres.USER,
            TestPostgres.PASSWORD);
        PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?, 30000)")) {
      kill.setInt(1, pid); // waits (PostgreSQL 14) until the backend is gone
      try (ResultSet rs = kill.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
      }
    }
    assertThat(holder.held()).as("not noticed before the check").containsOnly("A", "B");
    firstRetries.tick();
    assertThat(lost).containsExactly(Set.of("A", "B"));
    assertThat(why.get(0)).hasMessageContaining("RELVA_DATABASE_URL")
        .hasMessageContaining("stop serving");
    assertThat(holder.held()).isEmpty();
    firstRetries.tick();
    assertThat(lost).as("told once").hasSize(1);

    assertThat(other.tryAcquire("A")).isTrue();
    CompletableFuture<Void> again = holder.acquire("A");
    assertThat(holder.tryAcquire("B")).as("on a new connection").isTrue();
    firstRetries.tick();
    assertThat(again).isNotDone();
    other.release("A");
    firstRetries.tick();
    assertThat(again).isCompleted();
    assertThat(holder.held()).containsExactlyInAnyOrder("A", "B");
  }

  @Test
  @DisplayName("an unreachable server stops the start with RELVA_DATABASE_URL named, not the "
      + "password")
  void unreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String nowhere = "jdbc:postgresql://127.0.0.1:" + port + "/relva?password=" + SECRET;
    assertThatThrownBy(() -> RelvaStore.serverLeases(nowhere, "relva", SECRET, firstRetries,
            EVERY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("RELVA_DATABASE_URL")
        .hasMessageContaining("RELVA_DATABASE_PASSWORD")
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageNotContaining(SECRET);
    assertThat(firstRetries.repeatingTasks()).isZero();

    assertThatThrownBy(() -> RelvaStore.serverLeases("jdbc:sqlite:relva.db", "relva", SECRET,
            firstRetries, EVERY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("RELVA_DATABASE_URL")
        .hasMessageContaining("jdbc:postgresql://");
  }

  @Test
  @DisplayName("the retry period must be short enough to notice a loss before PostgreSQL frees "
      + "the lock")
  void retryEvery_outOfRange() {
    for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofSeconds(21))) {
      assertThatThrownBy(() -> RelvaStore.serverLeases(url, TestPostgres.USER,
              TestPostgres.PASSWORD, firstRetries, bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryEvery");
    }
  }

  @Test
  @DisplayName("server ids are snowflakes or console: 1 to 64 of letters, digits, _ and -")
  void badServerIds_refused() {
    ServerLeases leases = leases(firstRetries);
    for (String bad : List.of("", "a b", "../etc", "é", "x".repeat(65), "A;DROP")) {
      assertThatThrownBy(() -> leases.tryAcquire(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server id");
      assertThatThrownBy(() -> leases.acquire(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> leases.release(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(leases.tryAcquire("x".repeat(64))).isTrue();
    assertThat(leases.tryAcquire("console")).isTrue();
    assertThat(leases.tryAcquire("Guild_1-2")).isTrue();
  }

  @Test
  @DisplayName("a server's lock key never changes between Relva versions, or a rolling restart "
      + "across an upgrade would let two processes serve it")
  void keys_areStable() {
    assertThat(PostgresServerLeases.key("console")).isEqualTo(CONSOLE_KEY);
    assertThat(PostgresServerLeases.key("123456789012345678")).isEqualTo(SNOWFLAKE_KEY);
    assertThat(PostgresServerLeases.key("A")).isNotEqualTo(PostgresServerLeases.key("a"));
  }

  /** The first 8 bytes of SHA-256 of "relva/server-lease/console", computed outside Java. */
  private static final long CONSOLE_KEY = -4034786417295273383L;
  private static final long SNOWFLAKE_KEY = -660267862273531414L;
}
