package org.relva.matchmaking.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.matchmaking.Ratings;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;

class QueueAnalyticsTest {
  private static final Region US_E = Region.of("us-e");
  private static final Region EU = Region.of("eu");

  private final MutableClock clock = MutableClock.atEpochOfTests();
  private Relva relva;
  private QueueAnalytics analytics;
  private ChannelId lobby;

  private final Member a = Member.of("1", "a");
  private final Member b = Member.of("2", "b");
  private final Member c = Member.of("3", "c");
  private final Member d = Member.of("4", "d");
  private final Ratings ratings = Ratings.of(Map.of(
      UserId.of("1"), 1_700.0, UserId.of("2"), 1_500.0, UserId.of("3"), 1_600.0,
      UserId.of("4"), 1_400.0), 1_500);

  @BeforeEach
  void setUp() {
    relva = Relva.builder().channels(new FakePartyChannels()).clock(clock).build();
    analytics = QueueAnalytics.attach(relva.events(), ratings);
    lobby = relva.config().lobby();
  }

  private QueueEntry queue(Member m, String region) {
    return relva.joinQueue(m, lobby, region).orElseThrow();
  }

  @Test
  @DisplayName("a pop records each entity's wait, the rating spread, the team gap, the quality and the mix")
  void popIsRecorded() {
    QueueEntry qa = queue(a, "us-e");
    clock.advance(Duration.ofSeconds(10));
    QueueEntry qb = queue(b, "us-e");
    clock.advance(Duration.ofSeconds(20));
    QueueEntry qc = queue(c, "us-e");
    QueueEntry qd = queue(d, "us-e");
    clock.advance(Duration.ofSeconds(30));

    relva.pop(US_E, List.of(List.of(qa, qd), List.of(qb, qc))).orElseThrow();

    PopRecord pop = analytics.recentPops(1).get(0);
    assertThat(pop.region()).isEqualTo(US_E);
    assertThat(pop.waits()).extracting(PopRecord.Wait::waited).containsExactly(
        Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(50),
        Duration.ofSeconds(30));
    assertThat(pop.ratingSpread()).isEqualTo(300.0); // 1700 - 1400
    assertThat(pop.teamGap()).isEqualTo(0.0); // (1700+1400)/2 = (1500+1600)/2 - 0
    assertThat(pop.quality()).isEqualTo(1.0, within(1e-9));
    assertThat(pop.solos()).isEqualTo(4);
    assertThat(pop.parties()).isZero();
  }

  @Test
  @DisplayName("region stats count matches, take wait percentiles by kind, and follow the queue's depth")
  void regionStats() {
    QueueEntry qa = queue(a, "us-e");
    clock.advance(Duration.ofSeconds(40));
    QueueEntry qb = queue(b, "us-e");
    queue(c, "eu");
    assertThat(analytics.stats(US_E).queuedEntities()).isEqualTo(2);
    assertThat(analytics.stats(EU).queuedPlayers()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    relva.pop(US_E, List.of(List.of(qa), List.of(qb))).orElseThrow();
    relva.leaveQueue(c.id(), lobby).orElseThrow();

    RegionStats us = analytics.stats(US_E);
    assertThat(us.matches()).isEqualTo(1);
    assertThat(us.soloWaits().count()).isEqualTo(2);
    assertThat(us.soloWaits().p50()).isEqualTo(Duration.ofSeconds(120));
    assertThat(us.soloWaits().p99()).isEqualTo(Duration.ofSeconds(160));
    assertThat(us.partyWaits()).isEqualTo(Percentiles.NONE);
    assertThat(us.queuedEntities()).isZero();
    assertThat(us.depth()).extracting(RegionStats.DepthSample::entities).containsExactly(2, 0);
    assertThat(analytics.stats(EU).queuedEntities()).isZero();
    assertThat(analytics.stats(Region.of("me")).matches()).isZero();
    assertThat(analytics.stats()).extracting(RegionStats::region).containsExactly(US_E, EU);
  }

  @Test
  @DisplayName("a party's wait counts as a party wait, and its players in the depth")
  void partiesAreCountedAsParties() {
    Party party = relva.createParty(a, lobby, "us-e").orElseThrow();
    relva.joinParty(b, lobby, party.joinCode().value()).orElseThrow();
    ChannelId channel = relva.channel(party.id()).orElseThrow();
    QueueEntry queued = relva.queueParty(a.id(), channel).orElseThrow();
    assertThat(analytics.stats(US_E).queuedPlayers()).isEqualTo(2);
    QueueEntry qc = queue(c, "us-e");
    QueueEntry qd = queue(d, "us-e");
    clock.advance(Duration.ofSeconds(90));

    relva.pop(US_E, List.of(List.of(queued), List.of(qc, qd))).orElseThrow();

    PopRecord pop = analytics.recentPops(5).get(0);
    assertThat(pop.parties()).isEqualTo(1);
    assertThat(pop.solos()).isEqualTo(2);
    assertThat(pop.teamGap()).isEqualTo(100.0, within(1e-9)); // 1600 vs 1500
    assertThat(pop.quality()).isEqualTo(0.72, within(0.005)); // 100 points apart
    assertThat(analytics.stats(US_E).partyWaits().p50()).isEqualTo(Duration.ofSeconds(90));
    assertThat(analytics.stats(US_E).queuedPlayers()).isZero();
  }

  @Test
  @DisplayName("the Elo quality is symmetric and falls as the gap grows")
  void eloQualityIsSymmetric() {
    QueueEntry qa = queue(a, "us-e");
    QueueEntry qd = queue(d, "us-e");
    QueueEntry qb = queue(b, "us-e");
    MatchQuality elo = MatchQuality.elo();
    double ad = elo.quality(List.of(List.of(qa), List.of(qd)), ratings);
    double da = elo.quality(List.of(List.of(qd), List.of(qa)), ratings);
    double ab = elo.quality(List.of(List.of(qa), List.of(qb)), ratings);
    assertThat(ad).isEqualTo(da);
    assertThat(ab).isGreaterThan(ad); // 200 apart is closer than 300 apart
    assertThat(ad).isBetween(0.0, 1.0);
  }

  @Test
  @DisplayName("after close, events no longer change the aggregates")
  void closeStopsListening() {
    analytics.close();
    queue(a, "us-e");
    assertThat(analytics.stats(US_E).queuedEntities()).isZero();
    assertThat(analytics.recentPops(10)).isEmpty();
  }

  @Test
  @DisplayName("percentiles use the nearest rank")
  void percentilesNearestRank() {
    long[] millis = new long[100];
    for (int i = 0; i < 100; i++) {
      millis[i] = (100 - i) * 1000L;
    }
    Percentiles p = Percentiles.ofMillis(millis);
    assertThat(p.count()).isEqualTo(100);
    assertThat(p.p50()).isEqualTo(Duration.ofSeconds(50));
    assertThat(p.p90()).isEqualTo(Duration.ofSeconds(90));
    assertThat(p.p99()).isEqualTo(Duration.ofSeconds(99));
    assertThat(p.max()).isEqualTo(Duration.ofSeconds(100));
    assertThat(Percentiles.ofMillis(new long[0])).isEqualTo(Percentiles.NONE);
  }
}
