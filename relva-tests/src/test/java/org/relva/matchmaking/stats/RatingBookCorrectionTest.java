package org.relva.matchmaking.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.MatchRules;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.event.EventBus;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.store.InMemoryJournal;

/**
 * A corrected result through the real core on a journal: the book attached to the core replays at
 * once, and a correction whose replay a crash cut off (the core's commit made, the book's not) is
 * replayed by the catch-up after the restart, once.
 */
class RatingBookCorrectionTest {
  private static final Instant T0 = Instant.parse("2026-01-01T20:00:00Z");
  private static final Member MOD = Member.of("99", "mod");
  private static final List<Member> PLAYERS = List.of(Member.of("1", "a"), Member.of("2", "b"),
      Member.of("3", "c"), Member.of("4", "d"), Member.of("5", "e"));

  private final MutableClock clock = MutableClock.at(T0);
  private final InMemoryJournal journal = new InMemoryJournal();
  private Relva relva = core();

  private Relva core() {
    return Relva.builder()
        .config(RelvaConfig.defaults().withMatchRules(MatchRules.defaults().withReadyCheck(false)))
        .channels(new FakePartyChannels()).events(EventBus.direct()).clock(clock)
        .random(new SplittableRandom(5)).journal(journal).build();
  }

  private RatingBook book() {
    return RatingBook.builder().journal(journal).build();
  }

  /** A 2v2 of the players {@code ids} (indexes into PLAYERS), finished with {@code result}. */
  private String play(List<Integer> ids, MatchResult result) {
    List<QueueEntry> entries = new ArrayList<>();
    for (int i : ids) {
      entries.add(relva.joinQueue(PLAYERS.get(i), relva.config().lobby(), null).orElseThrow());
    }
    clock.advance(Duration.ofMinutes(1));
    String id = relva.pop(Region.of("us-e"), List.of(entries.subList(0, 2), entries.subList(2, 4)))
        .orElseThrow().matchId();
    clock.advance(Duration.ofMinutes(30));
    relva.setResult(id, result).orElseThrow();
    return id;
  }

  private List<String> evening() {
    return List.of(play(List.of(0, 1, 2, 3), MatchResult.win(0)),
        play(List.of(0, 2, 1, 4), MatchResult.win(1)),
        play(List.of(4, 3, 0, 1), MatchResult.win(0)),
        play(List.of(1, 2, 3, 4), MatchResult.draw()));
  }

  /** A book that rated the core's history, as it is now, from the start. */
  private RatingBook ratedFromScratch(List<String> ids) {
    RatingBook fresh = RatingBook.builder().build();
    for (String id : ids) {
      MatchRecord m = relva.match(id).orElseThrow();
      fresh.apply(new MatchEvent.Finished(m, m.result().orElseThrow(), m.endedAt().orElseThrow()));
    }
    return fresh;
  }

  private static void assertSameBook(RatingBook book, RatingBook expected, List<String> ids) {
    for (Member p : PLAYERS) {
      assertThat(book.stats(p.id())).as("stats of %s", p).isEqualTo(expected.stats(p.id()));
    }
    assertThat(book.leaderboard(10)).isEqualTo(expected.leaderboard(10));
    for (String id : ids) {
      assertThat(book.rated(id)).as("rated %s", id).isEqualTo(expected.rated(id));
    }
  }

  @Test
  @DisplayName("a book attached to the core replays a correction at once, and durably")
  void attachedBookReplays() {
    RatingBook book = book();
    book.attach(relva);
    List<String> ids = evening();
    PlayerStats before = book.stats(PLAYERS.get(0).id());

    relva.correctResult(ids.get(0), MatchResult.win(1), MOD, "swapped").orElseThrow();

    assertThat(book.stats(PLAYERS.get(0).id())).isNotEqualTo(before);
    assertThat(book.stats(PLAYERS.get(0).id()).record().wins()).isEqualTo(before.record().wins() - 1);
    assertSameBook(book, ratedFromScratch(ids), ids);
    assertSameBook(book(), ratedFromScratch(ids), ids); // as a restart reads it
    assertThat(book().catchUp(relva)).as("nothing left to replay").isZero();
  }

  @Test
  @DisplayName("a correction committed by the core but not replayed before a crash is replayed "
      + "by the catch-up after the restart, once")
  void crashBetweenTheCommits() {
    RatingBook book = book();
    EventBus.Subscription attached = book.attach(relva);
    List<String> ids = evening();
    attached.cancel(); // the process dies after the core's commit, before the book's replay

    relva.correctResult(ids.get(1), MatchResult.draw(), MOD, "").orElseThrow();
    relva.correctResult(ids.get(0), MatchResult.win(1), MOD, "").orElseThrow();

    relva = core(); // the restart
    assertThat(relva.match(ids.get(1)).orElseThrow().result()).contains(MatchResult.draw());
    assertThat(relva.corrections()).containsOnlyKeys(ids.get(0), ids.get(1));
    RatingBook restarted = book();
    assertThat(restarted.catchUp(relva)).isPositive();
    assertSameBook(restarted, ratedFromScratch(ids), ids);

    RatingBook again = book();
    assertThat(again.catchUp(relva)).as("a second restart replays nothing").isZero();
    assertSameBook(again, ratedFromScratch(ids), ids);
  }

  @Test
  @DisplayName("a replay whose commit fails changes nothing, and the catch-up does it later")
  void failedReplayCommit() {
    RatingBook book = book();
    book.attach(relva);
    List<String> ids = evening();
    PlayerStats before = book.stats(PLAYERS.get(0).id());
    MatchRecord corrected = relva.match(ids.get(0)).orElseThrow().correct(MatchResult.win(1));
    journal.failNextCommits(1);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> book.replay(corrected, null, relva::match))
        .isInstanceOf(org.relva.core.store.StorageException.class);

    assertThat(book.stats(PLAYERS.get(0).id())).isEqualTo(before);
    assertThat(book().stats(PLAYERS.get(0).id())).isEqualTo(before);
  }
}
