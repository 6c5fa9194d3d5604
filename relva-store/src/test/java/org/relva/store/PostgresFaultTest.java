package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StorageException;

/**
 * PostgreSQL's faults: unreachable at start, a schema from a newer Relva, a bad URL, and the
 * server lost mid-run and back. Messages name the settings and never the password.
 */
class PostgresFaultTest {
  private static final String SECRET = "s3cret-Pa55";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  private static Change cooldown(String user) {
    return new Change("cooldowns", UserId.of(user), Optional.of(T0));
  }

  @Test
  @DisplayName("an unreachable server stops the start with the settings named, not the password")
  void unreachableAtStart() throws Exception {
    int port = freePort();
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/relva?password=" + SECRET;
    assertThatThrownBy(() -> RelvaStore.builder().connectionTimeout(Duration.ofSeconds(1))
            .postgres(url, "relva", SECRET))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("RELVA_DATABASE_URL / relva.databaseUrl")
        .hasMessageContaining("RELVA_DATABASE_USER and RELVA_DATABASE_PASSWORD")
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("Nothing was changed")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  @DisplayName("a URL that is not a PostgreSQL one is refused with an example")
  void notAPostgresUrl() {
    assertThatThrownBy(() -> RelvaStore.postgres("jdbc:mysql://db/relva", "relva", SECRET))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("RELVA_DATABASE_URL / relva.databaseUrl")
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  @DisplayName("a database written by a newer Relva is refused, unchanged")
  void newerSchema() {
    String url = TestPostgres.newDatabase();
    try (RelvaStore made = RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
      made.commit(List.of(cooldown("u1")));
    }
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(url);
    source.setUser(TestPostgres.USER);
    source.setPassword(TestPostgres.PASSWORD);
    Flyway.configure().dataSource(source)
        .locations(Schema.LOCATION, "classpath:db/future").load().migrate();
    int applied = Schema.flyway(source, Optional.empty()).info().applied().length;
    assertThatThrownBy(() -> RelvaStore.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("RELVA_DATABASE_URL / relva.databaseUrl")
        .hasMessageContaining("newer Relva")
        .hasMessageContaining("Nothing was changed");
    assertThat(Schema.flyway(source, Optional.empty()).info().applied()).hasSize(applied);
  }

  @Test
  @DisplayName("with the server gone, a commit fails and writes nothing; once back, commits work")
  void lostMidRun_thenBack() throws Exception {
    int port = freePort();
    Path data = dir.resolve("pgdata");
    EmbeddedPostgres server = start(port, data);
    String url = server.getJdbcUrl(TestPostgres.USER, "postgres");
    try (RelvaStore store = RelvaStore.builder().connectionTimeout(Duration.ofSeconds(1))
        .postgres(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
      store.commit(List.of(cooldown("before")));

      server.close();
      assertThatThrownBy(() -> store.commit(List.of(cooldown("during"))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("PostgreSQL")
          .hasMessageContaining("Nothing was written");
      assertThatThrownBy(store::load).isInstanceOf(StorageException.class);

      server = start(port, data);
      // The pool reconnects by itself, after its back-off (a few seconds at most): commits are
      // refused until then. Each attempt waits at most the connection timeout; no sleeping.
      Instant deadline = Instant.now().plusSeconds(30);
      int attempts = 0;
      while (true) {
        attempts++;
        try {
          store.commit(List.of(cooldown("after")));
          break;
        } catch (StorageException e) {
          if (Instant.now().isAfter(deadline)) {
            throw e;
          }
        }
      }
      System.out.println("commits refused after the restart: " + (attempts - 1));
      assertThat(store.load()).isEqualTo(Map.of("cooldowns",
          Map.of(UserId.of("before"), T0, UserId.of("after"), T0)));
    } finally {
      server.close();
    }
  }

  /** A server on {@code data}, made there on first start, and kept when it stops. */
  private static EmbeddedPostgres start(int port, Path data) throws Exception {
    return EmbeddedPostgres.builder().setPort(port).setDataDirectory(data)
        .setCleanDataDirectory(false).start();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
