package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StorageException;
import org.relva.store.RelvaStore.Durability;

/** {@link RelvaStore#backup}: a consistent copy of a SQLite journal that is in use. */
class BackupTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  /** Each commit writes a pair: user n and its twin, so a copy taken mid-commit would show one. */
  private static List<Change> pair(int n) {
    return List.of(new Change("cooldowns", UserId.of("a" + n), Optional.of(T0.plusSeconds(n))),
        new Change("playerMatches", UserId.of("a" + n), Optional.of("M" + n)));
  }

  @Test
  @DisplayName("a backup taken while commits run holds whole commits only, and opens as a journal")
  void backupWhileInUse_isConsistent() throws Exception {
    try (RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH)) {
      for (int n = 0; n < 100; n++) {
        store.commit(pair(n));
      }
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch writing = new CountDownLatch(1);
      CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
        int n = 100;
        while (!stop.get()) {
          store.commit(pair(n++));
          writing.countDown();
        }
        return n;
      });
      assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
      List<Path> copies = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Path copy = dir.resolve("copy-" + i + ".db");
        store.backup(copy);
        copies.add(copy);
      }
      stop.set(true);
      int written = writer.get(30, TimeUnit.SECONDS);

      for (Path copy : copies) {
        try (RelvaStore restored = RelvaStore.sqlite(copy, Durability.PROCESS_CRASH)) {
          Map<String, Map<Object, Object>> state = restored.load();
          assertThat(state.get("cooldowns").keySet())
              .isEqualTo(state.get("playerMatches").keySet());
          assertThat(state.get("cooldowns").size()).isBetween(100, written);
        }
      }
      assertThat(store.load().get("cooldowns")).hasSize(written);
    }
  }

  @Test
  @DisplayName("--backup's copy, made from outside while a Relva holds the file and commits, "
      + "holds whole commits only")
  void backupFromOutside_whileHeld_isConsistent() throws Exception {
    Path file = dir.resolve("relva.db");
    try (RelvaStore store = RelvaStore.sqlite(file, Durability.PROCESS_CRASH)) {
      for (int n = 0; n < 50; n++) {
        store.commit(pair(n));
      }
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch writing = new CountDownLatch(1);
      CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
        int n = 50;
        while (!stop.get()) {
          store.commit(pair(n++));
          writing.countDown();
        }
        return n;
      });
      assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
      Path copy = dir.resolve("outside.db");
      RelvaStore.backupSqlite(file, copy); // a connection of its own, not the journal's
      stop.set(true);
      int written = writer.get(30, TimeUnit.SECONDS);
      // A second Relva is still refused while the first holds the file.
      assertThatThrownBy(() -> RelvaStore.sqlite(file, Durability.PROCESS_CRASH))
          .isInstanceOf(StorageException.class).hasMessageContaining("locked");

      try (RelvaStore restored = RelvaStore.sqlite(copy, Durability.PROCESS_CRASH)) {
        Map<String, Map<Object, Object>> state = restored.load();
        assertThat(state.get("cooldowns").keySet()).isEqualTo(state.get("playerMatches").keySet());
        assertThat(state.get("cooldowns").size()).isBetween(50, written);
      }
    }
    assertThatThrownBy(() -> RelvaStore.backupSqlite(dir.resolve("none.db"), dir.resolve("x.db")))
        .isInstanceOf(StorageException.class).hasMessageContaining("does not exist");
  }

  @Test
  @DisplayName("a backup never overwrites a file, nor makes a directory")
  void backup_refusesExistingTargetAndMissingDirectory() throws Exception {
    try (RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH)) {
      Path existing = Files.writeString(dir.resolve("keep.txt"), "keep me");
      assertThatThrownBy(() -> store.backup(existing))
          .isInstanceOf(StorageException.class).hasMessageContaining("already exists");
      assertThat(Files.readString(existing)).isEqualTo("keep me");
      assertThatThrownBy(() -> store.backup(dir.resolve("nope").resolve("copy.db")))
          .isInstanceOf(StorageException.class).hasMessageContaining("does not exist");
    }
  }
}
