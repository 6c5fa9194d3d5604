package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.store.Change;

/**
 * The console's journal in memory: a runtime started anew on it (after {@code /setup}) finds
 * what the last one committed, in commit order. It takes any store and value (unlike a
 * database's journal, it decodes nothing), so the journal contract's type checks do not apply.
 */
class MemoryJournalTest {
  private final MemoryJournal journal = new MemoryJournal();

  @Test
  @DisplayName("commits are loaded, read and listed back, each store's keys in first-commit order")
  void keepsWhatWasCommitted() {
    journal.commit(List.of(new Change("a", "k2", Optional.of("v2")),
        new Change("a", "k1", Optional.of("v1")), new Change("b", "x", Optional.of(1))));
    journal.commit(List.of(new Change("a", "k2", Optional.of("v2'")),
        new Change("b", "x", Optional.empty())));

    assertThat(journal.load()).containsOnlyKeys("a", "b");
    assertThat(journal.load(Set.of("a")).get("a")).containsExactly(Map.entry("k2", "v2'"),
        Map.entry("k1", "v1"));
    assertThat(journal.read("a", "k1")).contains("v1");
    assertThat(journal.read("b", "x")).isEmpty();
    assertThat(journal.keys("a")).containsExactlyInAnyOrder("k1", "k2");
    assertThat(journal.newest("a", 1)).containsExactly(Map.entry("k1", "v1"));
    assertThat(journal.isDurable()).isTrue(); // so the core journals to it
  }

  @Test
  @DisplayName("a load is a copy: changing it changes nothing kept")
  void loadIsACopy() {
    journal.commit(List.of(new Change("a", "k", Optional.of("v"))));
    journal.load().get("a").clear();

    assertThat(journal.read("a", "k")).contains("v");
  }
}
