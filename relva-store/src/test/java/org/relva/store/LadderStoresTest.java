package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.QueueSpec;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Regions;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.relva.matchmaking.analytics.QueueAnalytics;
import org.relva.matchmaking.stats.PlayerStats;
import org.relva.matchmaking.stats.RatingBook;
import org.relva.store.RelvaStore.Durability;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;

/**
 * A rating ladder's and a queue's analytics stores ({@code ratings@duo}, {@code pops@duo}) in a
 * real SQLite file: written, and loaded again by a new store, which refuses only what it does not
 * know.
 */
class LadderStoresTest {
  private static final QueueId DUO = QueueId.of("duo");
  private static final RelvaConfig CONFIG = RelvaConfig.defaults()
      .withQueue(QueueSpec.of("duo", "duo-lobby", Regions.of("us-e"), 2));
  private static final List<Member> PLAYERS = List.of(Member.of("1", "a"), Member.of("2", "b"),
      Member.of("3", "c"), Member.of("4", "d"));

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T20:00:00Z"));

  private Relva core(StateJournal journal) {
    return Relva.builder().config(CONFIG).channels(new FakePartyChannels()).clock(clock)
        .random(new SplittableRandom(clock.millis())).journal(journal).build();
  }

  private static RatingBook ladder(StateJournal journal, QueueId queue) {
    return RatingBook.builder().journal(journal).ladder(queue.value()).queues(Set.of(queue))
        .build();
  }

  private void play(Relva relva, QueueId queue, MatchResult result) {
    for (Member m : PLAYERS) {
      relva.enqueue(m, relva.config().lobby(), queue, null).orElseThrow();
    }
    List<QueueEntry> q = relva.queue(queue);
    String id = relva.pop(queue, q.get(0).region(), List.of(List.of(q.get(0), q.get(1)),
        List.of(q.get(2), q.get(3)))).orElseThrow().matchId();
    for (Member m : PLAYERS) {
      relva.acceptMatch(m.id(), id).orElseThrow();
    }
    relva.setResult(id, result).orElseThrow();
    clock.advance(Duration.ofMinutes(1));
  }

  private static List<PlayerStats> stats(RatingBook book) {
    return PLAYERS.stream().map(m -> book.stats(m.id())).toList();
  }

  @Test
  @DisplayName("a database holding a ladder's and a queue's stores loads, and each restores")
  void ladderAndQueueStores_loadAfterReopening() {
    Path file = dir.resolve("relva.db");
    List<PlayerStats> main;
    List<PlayerStats> duo;
    try (RelvaStore store = RelvaStore.sqlite(file, Durability.PROCESS_CRASH)) {
      StateJournal g1 = store.scope("g1");
      Relva relva = core(g1);
      RatingBook mainBook = ladder(g1, QueueId.DEFAULT);
      RatingBook duoBook = ladder(g1, DUO);
      mainBook.attach(relva);
      duoBook.attach(relva);
      QueueAnalytics.restore(relva.events(), duoBook.asRatings(), g1, relva.queue(), DUO);
      QueueAnalytics.restore(relva.events(), mainBook.asRatings(), g1, relva.queue(),
          QueueId.DEFAULT);
      play(relva, DUO, MatchResult.win(0));
      play(relva, DUO, MatchResult.win(1));
      play(relva, QueueId.DEFAULT, MatchResult.draw());
      main = stats(mainBook);
      duo = stats(duoBook);
    }

    try (RelvaStore store = RelvaStore.sqlite(file, Durability.PROCESS_CRASH)) {
      StateJournal g1 = store.scope("g1");
      Relva relva = core(g1); // loading checks every store name in the database
      RatingBook duoBook = ladder(g1, DUO);
      assertThat(stats(ladder(g1, QueueId.DEFAULT))).isEqualTo(main);
      assertThat(stats(duoBook)).isEqualTo(duo);
      assertThat(g1.keys("ratedMatches@duo")).hasSize(2);
      assertThat(g1.keys("ratedMatches")).hasSize(1);
      QueueAnalytics duoStats = QueueAnalytics.restore(relva.events(), duoBook.asRatings(), g1,
          relva.queue(), DUO);
      assertThat(duoStats.recentPops(10)).hasSize(2);
      assertThat(duoStats.stats(CONFIG.regions().defaultRegion()).matches()).isEqualTo(2);
      assertThat(g1.keys("pops")).hasSize(1);
    }
  }

  @Test
  @DisplayName("only the matchmaking stores may be qualified, and only with a well-formed name")
  void otherQualifiedNames_areRefused() {
    try (RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"),
        Durability.PROCESS_CRASH)) {
      for (String name : List.of("parties@duo", "ratings@Duo", "ratings@", "ratings@default")) {
        assertThatThrownBy(() -> store.commit(List.of(new Change(name, "k",
            Optional.of(EntityId.of("Kabcdef"))))))
            .as(name).isInstanceOf(StorageException.class).hasMessageContaining(name);
      }
      assertThat(store.keys("popCounts@duo")).isEmpty();
    }
  }
}
