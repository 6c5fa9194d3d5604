package org.relva.matchmaking.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.QueueSpec;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;
import org.relva.matchmaking.Ratings;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.store.InMemoryJournal;

/** Analytics of one queue: its joins, leaves and pops only, kept in its own stores. */
class QueueAnalyticsPerQueueTest {
  private static final QueueId DUO = QueueId.of("duo");
  private static final RelvaConfig CONFIG = RelvaConfig.defaults().withMultiQueue(true)
      .withQueue(QueueSpec.of("duo", "duo-lobby", Regions.of("us-e"), 2));
  private static final Region US_E = Region.of("us-e");
  private static final List<Member> PLAYERS = List.of(Member.of("1", "a"), Member.of("2", "b"),
      Member.of("3", "c"), Member.of("4", "d"));

  private final InMemoryJournal journal = new InMemoryJournal();
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T20:00:00Z"));
  private final Ratings flat = user -> Ratings.DEFAULT_RATING;

  private Relva core() {
    return Relva.builder().config(CONFIG).channels(new FakePartyChannels()).clock(clock)
        .random(new SplittableRandom(clock.millis())).journal(journal).build();
  }

  private void queueAll(Relva relva, QueueId queue) {
    for (Member m : PLAYERS) {
      relva.enqueue(m, relva.config().lobby(), queue, null).orElseThrow();
    }
  }

  private String pop(Relva relva, QueueId queue) {
    List<QueueEntry> q = relva.queue(queue);
    return relva.pop(queue, US_E, List.of(List.of(q.get(0), q.get(1)),
        List.of(q.get(2), q.get(3)))).orElseThrow().matchId();
  }

  private void finish(Relva relva, String match) {
    relva.cancelMatch(match, "testing", false).orElseThrow();
  }

  @Test
  @DisplayName("a queue's analytics count its pops and depth only; the others' stay apart")
  void eachQueuesAnalytics_countItsOwn() {
    Relva relva = core();
    QueueAnalytics duo = QueueAnalytics.restore(relva.events(), flat, journal, relva.queue(), DUO);
    QueueAnalytics main = QueueAnalytics.restore(relva.events(), flat, journal, relva.queue(),
        QueueId.DEFAULT);
    QueueAnalytics all = QueueAnalytics.attach(relva.events(), flat);

    queueAll(relva, DUO);
    queueAll(relva, QueueId.DEFAULT); // multiQueue: each waits in both
    assertThat(duo.stats(US_E).queuedPlayers()).isEqualTo(4);
    assertThat(main.stats(US_E).queuedPlayers()).isEqualTo(4);
    assertThat(all.stats(US_E).queuedPlayers()).isEqualTo(8);

    String popped = pop(relva, DUO); // also takes them out of the default queue

    assertThat(duo.queue()).contains(DUO);
    assertThat(all.queue()).isEmpty();
    assertThat(duo.stats(US_E).matches()).isEqualTo(1);
    assertThat(duo.recentPops(5)).extracting(PopRecord::matchId).containsExactly(popped);
    assertThat(main.stats(US_E).matches()).isZero();
    assertThat(main.recentPops(5)).isEmpty();
    assertThat(main.stats(US_E).queuedPlayers()).as("left by the pop elsewhere").isZero();
    assertThat(duo.stats(US_E).queuedPlayers()).isZero();
    assertThat(all.stats(US_E).matches()).isEqualTo(1);
    assertThat(journal.state().get("pops@duo")).containsOnlyKeys(popped);
    assertThat(journal.state()).doesNotContainKey("pops");

    finish(relva, popped);
    queueAll(relva, QueueId.DEFAULT);
    String second = pop(relva, QueueId.DEFAULT);
    assertThat(main.recentPops(5)).extracting(PopRecord::matchId).containsExactly(second);
    assertThat(duo.stats(US_E).matches()).isEqualTo(1);
    assertThat(journal.state().get("pops")).containsOnlyKeys(second);
    assertThat(journal.state().get("popCounts@duo")).containsEntry(US_E, 1L);
  }

  @Test
  @DisplayName("restoring a queue's analytics loads its own pops and the depth of its queue")
  void restore_honoursTheQueue() {
    Relva relva = core();
    QueueAnalytics.restore(relva.events(), flat, journal, relva.queue(), DUO);
    QueueAnalytics.restore(relva.events(), flat, journal, relva.queue(), QueueId.DEFAULT);
    queueAll(relva, DUO);
    String duoMatch = pop(relva, DUO);
    finish(relva, duoMatch);
    queueAll(relva, QueueId.DEFAULT);
    String mainMatch = pop(relva, QueueId.DEFAULT);
    finish(relva, mainMatch);
    relva.enqueue(PLAYERS.get(0), relva.config().lobby(), DUO, null).orElseThrow();

    Relva restarted = core();
    QueueAnalytics duo = QueueAnalytics.restore(restarted.events(), flat, journal,
        restarted.queue(), DUO);
    QueueAnalytics main = QueueAnalytics.restore(restarted.events(), flat, journal,
        restarted.queue(), QueueId.DEFAULT);

    assertThat(duo.recentPops(5)).extracting(PopRecord::matchId).containsExactly(duoMatch);
    assertThat(main.recentPops(5)).extracting(PopRecord::matchId).containsExactly(mainMatch);
    assertThat(duo.stats(US_E).matches()).isEqualTo(1);
    assertThat(main.stats(US_E).matches()).isEqualTo(1);
    assertThat(duo.stats(US_E).queuedPlayers()).isEqualTo(1);
    assertThat(main.stats(US_E).queuedPlayers()).isZero();
  }
}
