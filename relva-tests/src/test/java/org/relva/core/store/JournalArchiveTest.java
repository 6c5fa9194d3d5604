package org.relva.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.testkit.store.InMemoryJournal;

/** A store kept in a journal and read on demand: what an owner sees, and what memory holds. */
class JournalArchiveTest {
  private final InMemoryJournal inner = new InMemoryJournal();
  private final StateJournal journal = inner;
  private final ChangeLog log = new ChangeLog();
  private final KeyValueStore<String, String> archive =
      log.track("notes", KeyValueStore.archive(journal, "notes"));

  private void commit() {
    journal.commit(log.changes());
    log.clear();
  }

  @Test
  @DisplayName("an entry committed earlier is read from the journal; a missing one is empty")
  void readsThrough() {
    inner.commit(List.of(new Change("notes", "a", Optional.of("1"))));

    assertThat(archive.get("a")).contains("1");
    assertThat(archive.containsKey("b")).isFalse();
    assertThat(inner.takeReads()).containsExactly("notes/a", "notes/b");
  }

  @Test
  @DisplayName("a write is seen at once, reaches the journal with the commit, and stays readable")
  void writeThenCommit() {
    assertThat(archive.put("a", "1")).isEmpty();
    assertThat(archive.get("a")).contains("1");
    assertThat(inner.state()).isEmpty();

    commit();

    assertThat(inner.state()).isEqualTo(Map.of("notes", Map.of("a", "1")));
    inner.takeReads();
    assertThat(archive.get("a")).contains("1");
    assertThat(inner.takeReads()).as("just written: cached, not read again").isEmpty();
  }

  @Test
  @DisplayName("an undone write leaves what the journal holds; a removal is undone too")
  void undo() {
    inner.commit(List.of(new Change("notes", "a", Optional.of("1"))));
    archive.put("a", "2");
    archive.put("b", "3");
    log.undo();
    assertThat(archive.get("a")).contains("1");
    assertThat(archive.get("b")).isEmpty();

    assertThat(archive.remove("a")).contains("1");
    assertThat(archive.get("a")).isEmpty();
    log.undo();
    assertThat(archive.get("a")).contains("1");
  }

  @Test
  @DisplayName("conditional writes compare with what is there, wherever it is kept")
  void conditionalWrites() {
    inner.commit(List.of(new Change("notes", "a", Optional.of("1"))));

    assertThat(archive.putIfAbsent("a", "x")).contains("1");
    assertThat(archive.replace("a", "x", "y")).isFalse();
    assertThat(archive.replace("a", "1", "2")).isTrue();
    assertThat(archive.remove("a", "1")).isFalse();
    assertThat(archive.compute("a", (k, v) -> v + "!")).contains("2!");
    commit();
    assertThat(inner.state()).isEqualTo(Map.of("notes", Map.of("a", "2!")));
    assertThat(archive.remove("a", "2!")).isTrue();
    commit();
    assertThat(inner.state()).isEmpty();
  }

  @Test
  @DisplayName("memory keeps only recent entries: an old one is read from the journal again")
  void memoryIsBounded() {
    for (int i = 0; i < 3_000; i++) {
      archive.put("k" + i, "v" + i);
      commit();
    }
    inner.takeReads();

    assertThat(archive.get("k2999")).contains("v2999");
    assertThat(inner.takeReads()).isEmpty();
    assertThat(archive.get("k0")).contains("v0");
    assertThat(inner.takeReads()).containsExactly("notes/k0");
  }

  @Test
  @DisplayName("a snapshot is the journal's entries with the writes not yet committed")
  void snapshot() {
    inner.commit(List.of(new Change("notes", "a", Optional.of("1")),
        new Change("notes", "b", Optional.of("2"))));
    archive.put("c", "3");
    archive.remove("a");

    assertThat(archive.snapshot()).isEqualTo(Map.of("b", "2", "c", "3"));
    assertThat(archive.size()).isEqualTo(2);
    archive.clear();
    assertThat(archive.snapshot()).isEmpty();
    commit();
    assertThat(inner.state()).isEmpty();
  }

  @Test
  @DisplayName("on a journal that keeps nothing it is a plain in-memory store")
  void noJournal() {
    KeyValueStore<String, String> plain = KeyValueStore.archive(StateJournal.none(), "notes");
    plain.put("a", "1");
    assertThat(plain.get("a")).contains("1");
    assertThat(plain.snapshot()).isEqualTo(Map.of("a", "1"));
  }
}
