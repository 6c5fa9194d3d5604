package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relva.core.Outcome;
import org.relva.core.Refusal;
import org.relva.core.Relva;
import org.relva.core.RelvaStores;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.relva.store.RelvaStore.Durability;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;

/**
 * {@link RelvaStore#claimScope}: a claim fences out the scope's earlier holder, whose next commit
 * fails and writes nothing, on PostgreSQL between two stores (two bot processes) and on SQLite
 * within one; and the core undoes the operation whose commit was fenced out.
 */
class FencingTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String GUILD = "445566778899001122";

  @TempDir Path dir;

  private static Change put(String user, int n) {
    return new Change("cooldowns", UserId.of(user), Optional.of(T0.plusSeconds(n)));
  }

  private static RelvaStore postgres(String url, Instant now) {
    return RelvaStore.builder().clock(Clock.fixed(now, ZoneOffset.UTC))
        .postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
  }

  private RelvaStore sqlite() {
    return RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH);
  }

  private static long rows(String url, String scope) {
    return Jdbi.create(url, TestPostgres.USER, TestPostgres.PASSWORD).withHandle(h -> h
        .createQuery("SELECT COUNT(*) FROM entries WHERE scope = ?").bind(0, scope)
        .mapTo(Long.class).one());
  }

  @Test
  @DisplayName("two PostgreSQL stores: once B claims the scope, A's next commit fails naming B, "
      + "writes nothing, and so does every later one; A still reads; B commits")
  void postgres_claimByAnotherProcess_fencesOutTheOldHolder() {
    String url = TestPostgres.newDatabase();
    Instant claimedByB = T0.plusSeconds(3600);
    try (RelvaStore a = postgres(url, T0); RelvaStore b = postgres(url, claimedByB)) {
      StateJournal byA = a.claimScope(GUILD, "bot-a pid 1");
      List<String> fencedOut = new java.util.ArrayList<>();
      a.onFencedOut((scope, why) -> fencedOut.add(scope));
      byA.commit(List.of(put("u1", 1)));

      StateJournal byB = b.claimScope(GUILD, "bot-b pid 2");
      assertThat(byB.keys("cooldowns")).as("B loads what A wrote before the claim")
          .containsExactly(UserId.of("u1"));

      assertThatThrownBy(() -> byA.commit(List.of(put("u2", 2), put("u1", 9))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("Server '" + GUILD + "' is now served by another process")
          .hasMessageContaining("'bot-b pid 2' claimed its scope at " + claimedByB)
          .hasMessageContaining("this journal's claim by 'bot-a pid 1'")
          .hasMessageContaining("Nothing of this commit was written");
      assertThat(fencedOut).as("A's store told its listener, once").containsExactly(GUILD);
      assertThat(byB.load()).as("B's view is unchanged")
          .isEqualTo(Map.of("cooldowns", Map.of(UserId.of("u1"), T0.plusSeconds(1))));
      assertThat(rows(url, GUILD)).isEqualTo(1);
      assertThatThrownBy(() -> byA.commit(List.of(put("u3", 3))))
          .as("a fenced-out journal refuses every later commit")
          .isInstanceOf(StorageException.class).hasMessageContaining("'bot-b pid 2'");

      byB.commit(List.of(put("u4", 4)));
      assertThat(byA.keys("cooldowns")).as("the fenced-out journal still reads")
          .containsExactlyInAnyOrder(UserId.of("u1"), UserId.of("u4"));
      assertThat(byB.newest("cooldowns", 10)).extracting(Map.Entry::getKey)
          .containsExactly(UserId.of("u1"), UserId.of("u4"));
    }
    try (RelvaStore reopened = postgres(url, T0)) {
      assertThat(reopened.scope(GUILD).keys("cooldowns"))
          .containsExactlyInAnyOrder(UserId.of("u1"), UserId.of("u4"));
    }
  }

  @Test
  @DisplayName("the owner row names the holder and when it claimed; each claim's epoch is newer")
  void postgres_ownerRow_forOperators() {
    String url = TestPostgres.newDatabase();
    try (RelvaStore a = postgres(url, T0); RelvaStore b = postgres(url, T0.plusSeconds(60))) {
      a.claimScope(GUILD, "bot-a");
      a.claimScope("console", "bot-a");
      b.claimScope(GUILD, "bot-b");
      record Owner(String scope, long epoch, String holder, String claimedAt) {}
      List<Owner> owners = Jdbi.create(url, TestPostgres.USER, TestPostgres.PASSWORD)
          .withHandle(h -> h.createQuery("SELECT scope, epoch, holder, claimed_at "
                  + "FROM scope_owners ORDER BY scope")
              .map((rs, ctx) -> new Owner(rs.getString(1), rs.getLong(2), rs.getString(3),
                  rs.getString(4)))
              .list());
      assertThat(owners).containsExactly(
          new Owner(GUILD, 3, "bot-b", T0.plusSeconds(60).toString()),
          new Owner("console", 2, "bot-a", T0.toString()));
    }
  }

  @Test
  @DisplayName("SQLite, one store: a second claim fences out the first; scope(id) cannot commit "
      + "while a claim is open, and can once it is closed")
  void sqlite_secondClaim_fencesOutTheFirst_andTheCachedScopeWaits() {
    try (RelvaStore store = sqlite()) {
      List<Boolean> heard = new ArrayList<>();
      store.onCommit((took, written) -> heard.add(written));
      StateJournal first = store.claimScope(GUILD, "first");
      first.commit(List.of(put("u1", 1)));
      StateJournal plain = store.scope(GUILD);
      assertThatThrownBy(() -> plain.commit(List.of(put("p", 0))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("is claimed in this process by 'first' (claimScope)");

      StateJournal second = store.claimScope(GUILD, "second");
      assertThatThrownBy(() -> first.commit(List.of(put("u2", 2))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("now served by another process: 'second'");
      assertThatThrownBy(() -> first.commit(List.of())).as("even an empty commit")
          .isInstanceOf(StorageException.class).hasMessageContaining("'second'");
      assertThatThrownBy(() -> first.commit(List.of(put("u2", 2))))
          .isInstanceOf(StorageException.class).hasMessageContaining("'second'");
      assertThat(heard).as("the listener hears the refusals as failed commits")
          .containsExactly(true, false, false, false);
      second.commit(List.of(put("u3", 3)));
      assertThatThrownBy(() -> plain.commit(List.of(put("p", 0))))
          .isInstanceOf(StorageException.class).hasMessageContaining("by 'second'");
      assertThat(plain.keys("cooldowns")).as("the cached scope still reads")
          .containsExactlyInAnyOrder(UserId.of("u1"), UserId.of("u3"));

      first.close(); // an old claim's closing leaves the newer one open
      assertThatThrownBy(() -> plain.commit(List.of(put("p", 0))))
          .isInstanceOf(StorageException.class).hasMessageContaining("by 'second'");
      second.close();
      assertThatThrownBy(() -> second.commit(List.of(put("u4", 4))))
          .isInstanceOf(StorageException.class).hasMessageContaining("is closed");
      plain.commit(List.of(put("p", 0)));
      assertThat(store.scope(GUILD).keys("cooldowns"))
          .containsExactlyInAnyOrder(UserId.of("u1"), UserId.of("u3"), UserId.of("p"));
      assertThat(store.scope(GUILD)).isSameAs(plain);
    }
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", " ", "\t"})
  @DisplayName("a blank holder, or a bad scope id, is refused before anything is written")
  void badHolderOrId_isRefused(String holder) {
    try (RelvaStore store = sqlite()) {
      assertThatThrownBy(() -> store.claimScope(GUILD, holder))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a scope's holder is 1 to 200 characters");
      assertThatThrownBy(() -> store.claimScope(GUILD, "x".repeat(201)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.claimScope("a.b", "bot"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 'a.b'");
      store.scope(GUILD).commit(List.of(put("u1", 1)));
      assertThat(store.scope(GUILD).keys("cooldowns")).as("nothing was claimed")
          .containsExactly(UserId.of("u1"));
    }
  }

  @Test
  @DisplayName("a Relva whose commit is fenced out undoes the operation: its state is the last "
      + "commit's, which the new holder loads")
  void relva_fencedOutCommit_isUndoneByTheCore() {
    String url = TestPostgres.newDatabase();
    MutableClock clock = MutableClock.at(T0);
    ChannelId lobby = ChannelId.of("kiwipugs");
    try (RelvaStore a = postgres(url, T0); RelvaStore b = postgres(url, T0)) {
      RelvaStores storesA = RelvaStores.inMemory();
      Relva relvaA = relva(a.claimScope(GUILD, "bot-a"), storesA, clock);
      relvaA.joinQueue(Member.of("101", "Alice"), lobby, null).orElseThrow();
      Map<String, Map<?, ?>> committed = RelvaInvariants.contents(relvaA, storesA);

      RelvaStores storesB = RelvaStores.inMemory();
      Relva relvaB = relva(b.claimScope(GUILD, "bot-b"), storesB, clock);
      assertThat(RelvaInvariants.contents(relvaB, storesB)).isEqualTo(committed);

      Outcome<QueueEntry> refused = relvaA.joinQueue(Member.of("102", "Bob"), lobby, null);
      assertThat(refused.failure()).as("the core refuses what it could not save")
          .hasValueSatisfying(f -> assertThat(f.refusal())
              .isEqualTo(Refusal.STORAGE_UNAVAILABLE));
      assertThat(RelvaInvariants.contents(relvaA, storesA)).as("undone").isEqualTo(committed);
      RelvaInvariants.assertConsistent(storesA);

      relvaB.joinQueue(Member.of("103", "Carol"), lobby, null).orElseThrow();
      try (RelvaStore reopened = postgres(url, T0)) {
        RelvaStores restored = RelvaStores.inMemory();
        Relva again = relva(reopened.scope(GUILD), restored, clock);
        assertThat(RelvaInvariants.contents(again, restored))
            .isEqualTo(RelvaInvariants.contents(relvaB, storesB));
        assertThat(again.openMatches()).isEmpty();
      }
    }
  }

  private static Relva relva(StateJournal journal, RelvaStores stores, MutableClock clock) {
    return Relva.builder()
        .stores(stores)
        .channels(FakePartyChannels.noop(party -> ChannelId.of("thread-" + party.value())))
        .clock(clock)
        .random(new SplittableRandom(7))
        .journal(journal)
        .build();
  }
}
