package org.relva.matchmaking.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.event.EventBus;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Regions;
import org.relva.core.model.UserId;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;

/**
 * A real core over a test clock and fake channels, in regions {@code us-e}, {@code us-w} and
 * {@code eu}, with helpers that queue players the way users do, and a record of every
 * {@code queuePop}. Not thread-safe.
 */
public final class World {
  public static final ChannelId LOBBY = ChannelId.of("kiwipugs");

  public final MutableClock clock = MutableClock.atEpochOfTests();
  public final Relva relva;
  public final List<PoppedMatch> pops = new ArrayList<>();
  private int users;

  public World() {
    relva = Relva.builder()
        .config(RelvaConfig.defaults().withRegions(Regions.of("us-e", "us-w", "eu")))
        .channels(new FakePartyChannels())
        .clock(clock)
        .events(EventBus.direct())
        .random(new SplittableRandom(42))
        .build();
    relva.events().subscribe(QueueEvent.QueuePop.class, pop -> pops.add(pop.match()));
  }

  /** A new user, queued alone in {@code region}. */
  public QueueEntry solo(String region) {
    return relva.joinQueue(newMember(), LOBBY, region).orElseThrow();
  }

  /** {@code count} new users, each queued alone in {@code region}. */
  public List<QueueEntry> solos(String region, int count) {
    List<QueueEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(solo(region));
    }
    return entries;
  }

  /** A new party of {@code size} (2 to 5) new users in {@code region}, queued by its leader. */
  public QueueEntry party(String region, int size) {
    Member leader = newMember();
    Party party = relva.createParty(leader, LOBBY, region).orElseThrow();
    for (int i = 1; i < size; i++) {
      relva.joinParty(newMember(), LOBBY, party.joinCode().value()).orElseThrow();
    }
    ChannelId channel = relva.channel(party.id()).orElseThrow();
    return relva.queueParty(leader.id(), channel).orElseThrow();
  }

  /** Takes solo-queued {@code user} out of the queue. */
  public void leave(UserId user) {
    relva.leaveQueue(user, LOBBY).orElseThrow();
  }

  private Member newMember() {
    int n = users++;
    return Member.of("user" + n, "Player " + n);
  }
}
