package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StorageException;
import org.relva.store.RelvaStore.Durability;
import org.sqlite.SQLiteDataSource;

/**
 * Each way a SQLite file can be wrong at start stops the journal with a message that names the
 * setting and the fix, and leaves the disk as it was; and the durability levels set what they say.
 */
class SqliteFaultTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Change SAMPLE =
      new Change("cooldowns", UserId.of("u1"), Optional.of(T0));

  @TempDir Path dir;

  @Test
  @DisplayName("a missing directory is named, and not created")
  void missingDirectory() {
    Path file = dir.resolve("no-such-dir").resolve("relva.db");
    assertThatThrownBy(() -> RelvaStore.sqlite(file, Durability.PROCESS_CRASH))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("RELVA_DATA / relva.data")
        .hasMessageContaining("does not exist")
        .hasMessageContaining("Create the directory");
    assertThat(dir.resolve("no-such-dir")).doesNotExist();
  }

  @Test
  @DisplayName("a file that is not a database is refused and left as it was")
  void notADatabase() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "shopping: milk, eggs\n".repeat(200));
    Map<Path, byte[]> before = contents(dir);
    assertThatThrownBy(() -> RelvaStore.sqlite(file, Durability.PROCESS_CRASH))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("RELVA_DATA / relva.data")
        .hasMessageContaining("not a SQLite database")
        .hasMessageContaining("Nothing was changed");
    assertSame(before, contents(dir));
  }

  @Test
  @DisplayName("a damaged database (SQLite's header, garbage after it) is refused, unchanged")
  void damagedDatabase() throws Exception {
    Path file = dir.resolve("relva.db");
    byte[] bytes = new byte[8192];
    new java.util.Random(7).nextBytes(bytes);
    byte[] header = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, bytes, 0, header.length);
    Files.write(file, bytes);
    Map<Path, byte[]> before = contents(dir);
    assertThatThrownBy(() -> RelvaStore.sqlite(file, Durability.PROCESS_CRASH))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("RELVA_DATA / relva.data")
        .hasMessageContaining(file.toString())
        .hasMessageMatching("(?s).*(not a SQLite database|damaged).*");
    assertSame(before, contents(dir));
  }

  @Test
  @DisplayName("a directory given as the file is refused")
  void directoryAsFile() {
    assertThatThrownBy(() -> RelvaStore.sqlite(dir, Durability.PROCESS_CRASH))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("RELVA_DATA").hasMessageContaining("is a directory");
  }

  @Test
  @DisplayName("a second Relva on a file in use is refused; the first goes on working")
  void lockedByAnotherJournal() {
    Path file = dir.resolve("relva.db");
    try (RelvaStore first = RelvaStore.sqlite(file, Durability.PROCESS_CRASH)) {
      first.commit(List.of(SAMPLE));
      assertThatThrownBy(() -> RelvaStore.sqlite(file, Durability.PROCESS_CRASH))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("RELVA_DATA / relva.data")
          .hasMessageContaining("locked")
          .hasMessageContaining("Stop the other process");
      first.commit(List.of(new Change("cooldowns", UserId.of("u2"), Optional.of(T0))));
      assertThat(first.load().get("cooldowns")).hasSize(2);
    }
  }

  @Test
  @DisplayName("a file another connection holds an exclusive lock on is refused, unchanged")
  void lockedByAnotherConnection() throws Exception {
    Path file = dir.resolve("relva.db");
    try (RelvaStore made = RelvaStore.sqlite(file, Durability.PROCESS_CRASH)) {
      made.commit(List.of(SAMPLE));
    }
    Map<Path, byte[]> before = contents(dir);
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = other.createStatement()) {
      s.execute("PRAGMA locking_mode = EXCLUSIVE");
      s.execute("BEGIN EXCLUSIVE");
      assertThatThrownBy(() -> RelvaStore.sqlite(file, Durability.PROCESS_CRASH))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("RELVA_DATA / relva.data")
          .hasMessageContaining("locked");
      s.execute("ROLLBACK");
    }
    assertSame(before, contents(dir));
  }

  @Test
  @DisplayName("a database written by a newer Relva is refused, unchanged")
  void newerSchema() throws Exception {
    Path file = dir.resolve("relva.db");
    try (RelvaStore made = RelvaStore.sqlite(file, Durability.PROCESS_CRASH)) {
      made.commit(List.of(SAMPLE));
    }
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file);
    Flyway.configure().dataSource(source)
        .locations(Schema.LOCATION, "classpath:db/future").load().migrate();
    Map<Path, byte[]> before = contents(dir);
    assertThatThrownBy(() -> RelvaStore.sqlite(file, Durability.PROCESS_CRASH))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("RELVA_DATA / relva.data")
        .hasMessageContaining("newer Relva")
        .hasMessageContaining("version 999")
        .hasMessageContaining("Nothing was changed");
    assertSame(before, contents(dir));
  }

  @Test
  @DisplayName("a read-only directory is refused before a file is made in it")
  void readOnlyDirectory() throws Exception {
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertThatThrownBy(() -> RelvaStore.sqlite(readOnly.resolve("relva.db"),
              Durability.PROCESS_CRASH))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("RELVA_DATA / relva.data")
          .hasMessageContaining("read-only")
          .hasMessageContaining("Make the directory writable");
      try (Stream<Path> files = Files.list(readOnly)) {
        assertThat(files).isEmpty();
      }
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  @DisplayName("a read-only database file is refused, unchanged")
  void readOnlyFile() throws Exception {
    Path file = dir.resolve("relva.db");
    try (RelvaStore made = RelvaStore.sqlite(file, Durability.PROCESS_CRASH)) {
      made.commit(List.of(SAMPLE));
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    Map<Path, byte[]> before = contents(dir);
    try {
      assertThatThrownBy(() -> RelvaStore.sqlite(file, Durability.PROCESS_CRASH))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("RELVA_DATA / relva.data")
          .hasMessageContaining("read-only");
      assertSame(before, contents(dir));
    } finally {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  @Test
  @DisplayName("PROCESS_CRASH is WAL with synchronous=NORMAL, POWER_LOSS WAL with FULL")
  void durabilityLevels() {
    try (RelvaStore crash = RelvaStore.sqlite(dir.resolve("a.db"), Durability.PROCESS_CRASH);
        RelvaStore power = RelvaStore.sqlite(dir.resolve("b.db"), Durability.POWER_LOSS)) {
      SqliteBackend a = (SqliteBackend) crash.backend();
      SqliteBackend b = (SqliteBackend) power.backend();
      assertThat(a.pragma("journal_mode")).isEqualToIgnoringCase("wal");
      assertThat(b.pragma("journal_mode")).isEqualToIgnoringCase("wal");
      assertThat(a.pragma("synchronous")).isEqualTo("1");
      assertThat(b.pragma("synchronous")).isEqualTo("2");
      assertThat(a.pragma("locking_mode")).as("others may read it, for backups")
          .isEqualToIgnoringCase("normal");
      assertThat(dir.resolve("a.db.lock")).as("the lock file that keeps a second Relva off")
          .exists();
    }
    assertThat(dir.resolve("a.db.lock")).as("gone with the journal").doesNotExist();
  }

  @Test
  @DisplayName("a database in the store holding an unknown store's entries is a clear error")
  void unknownStoreInDatabase() throws Exception {
    Path file = dir.resolve("relva.db");
    try (RelvaStore store = RelvaStore.builder()
        .store("notes", String.class, String.class).sqlite(file, Durability.PROCESS_CRASH)) {
      store.commit(List.of(new Change("notes", "k", Optional.of("v"))));
      assertThat(store.load()).isEqualTo(Map.of("notes", Map.of("k", "v")));
    }
    try (RelvaStore plain = RelvaStore.sqlite(file, Durability.PROCESS_CRASH)) {
      assertThatThrownBy(plain::load)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("'notes'")
          .hasMessageContaining("RelvaStore.builder().store");
    }
  }

  private static Map<Path, byte[]> contents(Path dir) throws Exception {
    Map<Path, byte[]> all = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        if (Files.isRegularFile(p)) {
          all.put(p.getFileName(), Files.readAllBytes(p));
        }
      }
    }
    return all;
  }

  private static void assertSame(Map<Path, byte[]> before, Map<Path, byte[]> after) {
    assertThat(after.keySet()).as("files").isEqualTo(before.keySet());
    before.forEach((file, bytes) -> assertThat(after.get(file))
        .as("%s unchanged", file).isEqualTo(bytes));
  }
}
