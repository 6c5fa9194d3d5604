package org.relva.matchmaking.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.Relva;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.matchmaking.Ratings;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.store.InMemoryJournal;

/** Pop analytics on a journal: the records, and the aggregates built from them, survive a restart. */
class QueueAnalyticsJournalTest {
  private static final Region US_E = Region.of("us-e");
  private final MutableClock clock = MutableClock.atEpochOfTests();
  private final InMemoryJournal journal = new InMemoryJournal();
  private final Ratings ratings = Ratings.of(Map.of(UserId.of("1"), 1_700.0), 1_500);
  private final Relva relva = Relva.builder().channels(new FakePartyChannels()).clock(clock)
      .build();
  private final QueueAnalytics analytics =
      QueueAnalytics.restore(relva.events(), ratings, journal, List.of());

  private QueueEntry queue(String id) {
    return relva.joinQueue(Member.of(id, "p" + id), relva.config().lobby(), null).orElseThrow();
  }

  private void popTwo() {
    QueueEntry first = queue(String.valueOf(10 + 2 * relva.openMatches().size()));
    clock.advance(Duration.ofSeconds(40));
    QueueEntry second = queue(String.valueOf(11 + 2 * relva.openMatches().size()));
    relva.pop(US_E, List.of(List.of(first), List.of(second))).orElseThrow();
  }

  @Test
  @DisplayName("restored analytics have the same pops and stats; the depth starts from the queue")
  void restoredAnalyticsMatch() {
    popTwo();
    popTwo();
    QueueEntry waiting = queue("99");

    // A restart: new analytics on another bus, from the journal and the restored queue.
    QueueAnalytics restored = QueueAnalytics.restore(org.relva.core.event.EventBus.direct(),
        ratings, journal, List.of(waiting));

    assertThat(journal.commits()).isEqualTo(2);
    assertThat(restored.recentPops(10)).isEqualTo(analytics.recentPops(10));
    RegionStats before = analytics.stats(US_E);
    RegionStats after = restored.stats(US_E);
    assertThat(after.matches()).isEqualTo(2);
    assertThat(after.soloWaits()).isEqualTo(before.soloWaits());
    assertThat(after.meanQuality()).isEqualTo(before.meanQuality());
    assertThat(after.queuedPlayers()).isEqualTo(1);
    restored.close();
  }

  @Test
  @DisplayName("a pop whose record could not be saved is saved with the next one")
  void unsavedRecordIsSavedLater() {
    journal.failNextCommits(1);
    popTwo();
    assertThat(journal.state()).doesNotContainKey(QueueAnalytics.POPS);
    popTwo();
    assertThat(journal.state().get(QueueAnalytics.POPS)).hasSize(2);
  }

  @Test
  @DisplayName("a restart reads each region's count and the newest records, not every pop kept")
  void restoreReadsTheNewestOnly() {
    List<org.relva.core.store.Change> kept = new java.util.ArrayList<>();
    java.time.Instant at = clock.instant();
    for (int i = 0; i < 12_000; i++) {
      PopRecord pop = new PopRecord(String.format("M%08d", i), US_E, at.plusSeconds(i),
          List.of(new PopRecord.Wait(org.relva.core.model.EntityId.of("Kabc123"), false, 1,
              Duration.ofSeconds(i < 2_000 ? 1 : 60))), 0, 0, i < 2_000 ? 0 : 1, 0, 1);
      kept.add(new org.relva.core.store.Change(QueueAnalytics.POPS, pop.matchId(),
          java.util.Optional.of(pop)));
    }
    kept.add(new org.relva.core.store.Change(QueueAnalytics.COUNTS, US_E,
        java.util.Optional.of(12_000L)));
    journal.commit(kept);

    QueueAnalytics restored = QueueAnalytics.restore(org.relva.core.event.EventBus.direct(),
        ratings, journal, List.of());

    RegionStats stats = restored.stats(US_E);
    assertThat(stats.matches()).as("counted over every pop").isEqualTo(12_000);
    assertThat(stats.meanQuality()).as("over the newest 10,000, all of quality 1").isEqualTo(1.0);
    assertThat(restored.recentPops(1)).extracting(PopRecord::matchId).containsExactly("M00011999");
    restored.close();
  }
}
