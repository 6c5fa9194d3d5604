package org.relva.matchmaking.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.Relva;
import org.relva.core.event.EventBus;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.store.InMemoryJournal;

/** A rating book on a journal: kept across restarts, and every match rated exactly once. */
class RatingBookJournalTest {
  private static final Member A = Member.of("1", "a");
  private static final Member B = Member.of("2", "b");
  private static final Member C = Member.of("3", "c");
  private static final Member D = Member.of("4", "d");
  private static final Instant T0 = Instant.parse("2026-01-01T20:00:00Z");

  private final InMemoryJournal journal = new InMemoryJournal();

  private RatingBook book() {
    return RatingBook.builder().journal(journal).build();
  }

  private static MatchEvent.Finished match(int n, MatchResult result) {
    return Finished.match(n, List.of(List.of(A, B), List.of(C, D)), result, T0.plusSeconds(n));
  }

  @Test
  @DisplayName("a rated match is committed with every player's rating before and after")
  void applyCommitsRecordsAndTheRatedMatch() {
    RatingBook book = book();

    assertThat(book.apply(match(1, MatchResult.win(0)))).isTrue();

    RatedMatch rated = book.rated("M1").orElseThrow();
    assertThat(rated.changes()).hasSize(4);
    assertThat(rated.changes()).allSatisfy(c -> assertThat(c.after()).isNotEqualTo(c.before()));
    assertThat(rated.changes().get(0).after()).isEqualTo(book.stats(A.id()).rating());
    assertThat(journal.state().get(RatingBook.RATINGS)).hasSize(4);
    assertThat(journal.state().get(RatingBook.RATED)).containsOnlyKeys("M1");
  }

  @Test
  @DisplayName("a book built on the same journal has the same records, and rates nothing twice")
  void restartKeepsRecordsAndRatesOnce() {
    RatingBook first = book();
    first.apply(match(1, MatchResult.win(0)));
    first.apply(match(2, MatchResult.draw()));
    PlayerStats a = first.stats(A.id());

    RatingBook second = book();

    assertThat(second.stats(A.id())).isEqualTo(a);
    assertThat(second.leaderboard(10)).isEqualTo(first.leaderboard(10));
    assertThat(second.apply(match(2, MatchResult.draw()))).as("redelivered after a restart")
        .isFalse();
    assertThat(second.stats(A.id())).isEqualTo(a);
  }

  @Test
  @DisplayName("a commit that fails rates nothing; catching up later rates the match once")
  void failedCommitIsCaughtUpOnce() {
    RatingBook book = book();
    book.apply(match(1, MatchResult.win(0)));
    PlayerStats a = book.stats(A.id());
    journal.failNextCommits(1);

    assertThatThrownBy(() -> book.apply(match(2, MatchResult.win(1))))
        .isInstanceOf(StorageException.class);
    assertThat(book.stats(A.id())).isEqualTo(a);
    assertThat(book.rated("M2")).isEmpty();

    assertThat(book.catchUp(List.of(match(1, MatchResult.win(0)).match(),
        match(2, MatchResult.win(1)).match()))).isEqualTo(1);
    assertThat(book.stats(A.id()).games()).isEqualTo(2);
    assertThat(book.catchUp(List.of(match(2, MatchResult.win(1)).match()))).isZero();
    assertThat(book().stats(A.id())).as("after a restart").isEqualTo(book.stats(A.id()));
  }

  @Test
  @DisplayName("catching up after a restart rates the unrated matches in the order they ended")
  void catchUpRatesInOrder() {
    RatingBook lost = RatingBook.builder().build(); // what the book would have done, in memory
    lost.apply(match(1, MatchResult.win(0)));
    lost.apply(match(2, MatchResult.win(1)));
    lost.apply(match(3, MatchResult.draw()));

    RatingBook book = book();
    book.apply(match(1, MatchResult.win(0)));
    // The process died before it rated matches 2 and 3; a new one catches up, out of order given.
    assertThat(book().catchUp(List.of(match(3, MatchResult.draw()).match(),
        match(2, MatchResult.win(1)).match(), match(1, MatchResult.win(0)).match())))
        .isEqualTo(2);

    assertThat(book().stats(A.id())).isEqualTo(lost.stats(A.id()));
    assertThat(book().stats(D.id())).isEqualTo(lost.stats(D.id()));
  }

  @Test
  @DisplayName("after a restart the book reads only the ended matches it missed, and rates them once")
  void catchUpFromTheCore_readsOnlyWhatItMissed() {
    StateJournal counted = journal;
    MutableClock clock = MutableClock.at(T0);
    Relva relva = core(counted, clock);
    RatingBook book = RatingBook.builder().journal(counted).build();
    EventBus.Subscription listening = book.attach(relva.events());
    RatingBook reference = RatingBook.builder().build(); // sees every match, in memory
    reference.attach(relva.events());

    String rated = played(relva, MatchResult.win(0));
    String cancelled = popped(relva);
    relva.cancelMatch(cancelled, "testing", false).orElseThrow();
    String noResult = played(relva, MatchResult.noResult());
    listening.cancel(); // the process dies before the book hears of the next match's end
    String missed = played(relva, MatchResult.win(1));

    assertThat(book.rated(rated).orElseThrow().changes()).hasSize(4);
    assertThat(book.rated(cancelled).orElseThrow().changes()).as("seen, nothing to rate")
        .isEmpty();
    assertThat(book.rated(noResult).orElseThrow().changes()).isEmpty();
    assertThat(book.rated(missed)).isEmpty();

    journal.takeReads();
    Relva restarted = core(counted, clock);
    RatingBook again = RatingBook.builder().journal(counted).build();
    assertThat(again.catchUp(restarted)).isEqualTo(1);

    assertThat(journal.takeReads()).as("the history entries read")
        .filteredOn(r -> r.startsWith("history/")).containsExactly("history/" + missed);
    assertThat(again.rated(missed).orElseThrow().changes()).hasSize(4);
    for (Member m : List.of(A, B, C, D)) {
      assertThat(again.stats(m.id())).isEqualTo(reference.stats(m.id()));
    }
    assertThat(again.catchUp(restarted)).as("nothing is rated twice").isZero();
  }

  private static Relva core(StateJournal journal, MutableClock clock) {
    return Relva.builder().channels(new FakePartyChannels()).clock(clock)
        .random(new SplittableRandom(clock.millis())).journal(journal).build();
  }

  /** Queues the four players alone and pops them two against two; returns the match's id. */
  private static String popped(Relva relva) {
    ChannelId lobby = relva.config().lobby();
    for (Member m : List.of(A, B, C, D)) {
      relva.joinQueue(m, lobby, null).orElseThrow();
    }
    List<QueueEntry> q = relva.queue();
    return relva.pop(q.get(0).region(), List.of(List.of(q.get(0), q.get(1)),
        List.of(q.get(2), q.get(3)))).orElseThrow().matchId();
  }

  /** A match of the four, accepted by all and ended with {@code result}; returns its id. */
  private static String played(Relva relva, MatchResult result) {
    String id = popped(relva);
    for (Member m : List.of(A, B, C, D)) {
      relva.acceptMatch(m.id(), id).orElseThrow();
    }
    relva.setResult(id, result).orElseThrow();
    return id;
  }
}
