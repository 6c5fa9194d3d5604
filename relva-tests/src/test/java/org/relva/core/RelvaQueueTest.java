package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.ERIN;
import static org.relva.core.RelvaHarness.FRANK;
import static org.relva.core.RelvaHarness.GENERAL;
import static org.relva.core.RelvaHarness.GRACE;
import static org.relva.core.RelvaHarness.HEIDI;
import static org.relva.core.RelvaHarness.LOBBY;
import static org.relva.core.RelvaHarness.START;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;

/** The queue operations of {@link Relva}, its queries and the party tallies. */
class RelvaQueueTest {
  private static final Region US_E = Region.of("us-e");

  private final RelvaHarness h = new RelvaHarness();

  @Nested
  @DisplayName("queueParty")
  class QueueParty {

    @Test
    void queueParty_putsThePartyInTheQueueAndPublishesPartyJoin() {
      Party party = h.party(ALICE, BOB);
      h.forget();
      h.clock.advance(Duration.ofSeconds(12));

      QueueEntry entry = h.relva.queueParty(ALICE.id(), h.channelOf(party)).orElseThrow();

      assertThat(entry).isEqualTo(new QueueEntry(party, START.plusSeconds(12)));
      assertThat(entry.id()).isEqualTo(party.id());
      assertThat(entry.region()).isEqualTo(party.region());
      assertThat(h.stores.queue().snapshot()).containsExactly(Map.entry(entry.slot(), entry));
      assertThat(h.events).containsExactly(new QueueEvent.PartyJoin(entry));
      QueueEvent.PartyJoin join = (QueueEvent.PartyJoin) h.events.get(0);
      assertThat(join.party()).isEqualTo(party);
      assertThat(join.at()).isEqualTo(START.plusSeconds(12));
      assertThat(h.channels.calls()).isEmpty();
      assertThat(h.relva.queue()).containsExactly(entry);
      h.assertConsistent();
    }

    @Test
    void queueParty_aFullPartyOfFiveMayQueue() {
      Party party = h.party(ALICE, BOB, CAROL, DAVE, ERIN);

      assertThat(h.relva.queueParty(ALICE.id(), h.channelOf(party)).orElseThrow().entity()
          .size()).isEqualTo(5);
    }

    @Test
    void queueParty_refusedForAPartyOfOne() {
      Party party = h.create(ALICE);

      h.assertRefused(() -> h.relva.queueParty(ALICE.id(), h.channelOf(party)),
          Refusal.PARTY_TOO_SMALL, "2 to 5 players", "yours has 1",
          party.joinCode().display());
    }

    @Test
    void queueParty_refusedAgainAfterShrinkingToOne() {
      Party party = h.party(ALICE, BOB);
      ChannelId channel = h.channelOf(party);
      h.queue(party);
      h.relva.leaveParty(BOB.id(), channel).orElseThrow();

      h.assertRefused(() -> h.relva.queueParty(ALICE.id(), channel),
          Refusal.PARTY_TOO_SMALL, "2 to 5 players");
    }

    @Test
    void queueParty_refusedWhenAlreadyQueued() {
      Party party = h.party(ALICE, BOB);
      h.queue(party);

      h.assertRefused(() -> h.relva.queueParty(ALICE.id(), h.channelOf(party)),
          Refusal.ALREADY_QUEUED, "already in the queue");
    }

    @Test
    void queueParty_refusedForAMember_namingTheLeader() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.queueParty(BOB.id(), h.channelOf(party)),
          Refusal.NOT_LEADER, "Only the party's leader, Alice, can queue the party.");
    }

    @Test
    void queueParty_refusedFromTheLobby() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.queueParty(ALICE.id(), LOBBY), Refusal.WRONG_CHANNEL,
          party.channelName());
    }

    @Test
    void queueParty_refusedOutsideAParty() {
      h.assertRefused(() -> h.relva.queueParty(ALICE.id(), GENERAL),
          Refusal.NOT_IN_PARTY, "not in a party");
    }
  }

  @Nested
  @DisplayName("dequeueParty")
  class DequeueParty {

    @Test
    void dequeueParty_takesThePartyOutAndPublishesPartyLeave() {
      Party party = h.party(ALICE, BOB);
      QueueEntry entry = h.queue(party);
      h.forget();
      h.clock.advance(Duration.ofSeconds(90));

      QueueEntry taken = h.relva.dequeueParty(ALICE.id(), h.channelOf(party)).orElseThrow();

      assertThat(taken).isEqualTo(entry);
      assertThat(h.stores.queue().size()).isZero();
      assertThat(h.relva.party(party.id())).contains(party);
      assertThat(h.events).containsExactly(
          new QueueEvent.PartyLeave(entry, LeaveReason.LEFT, START.plusSeconds(90)));
      assertThat(h.channels.calls()).isEmpty();
      assertThat(h.stores.tallies().get(party.id()))
          .contains(new PartyTally(Duration.ofSeconds(90), 0));
      h.assertConsistent();
    }

    @Test
    void dequeueParty_aDequeuedPartyMayBeJoinedAgain() {
      Party party = h.party(ALICE, BOB);
      h.queue(party);
      h.relva.dequeueParty(ALICE.id(), h.channelOf(party)).orElseThrow();

      assertThat(h.relva.joinParty(CAROL, GENERAL, party.joinCode().display()).isSuccess())
          .isTrue();
    }

    @Test
    void dequeueParty_refusedWhenNotQueued() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.dequeueParty(ALICE.id(), h.channelOf(party)),
          Refusal.NOT_QUEUED, "not in the queue");
    }

    @Test
    void dequeueParty_refusedForAMember_namingTheLeader() {
      Party party = h.party(ALICE, BOB);
      h.queue(party);

      h.assertRefused(() -> h.relva.dequeueParty(BOB.id(), h.channelOf(party)),
          Refusal.NOT_LEADER,
          "Only the party's leader, Alice, can take the party out of the queue.");
    }

    @Test
    void dequeueParty_refusedFromTheLobby() {
      Party party = h.party(ALICE, BOB);
      h.queue(party);

      h.assertRefused(() -> h.relva.dequeueParty(ALICE.id(), LOBBY),
          Refusal.WRONG_CHANNEL, "only in your party's channel");
    }

    @Test
    void dequeueParty_refusedOutsideAParty() {
      h.assertRefused(() -> h.relva.dequeueParty(ALICE.id(), LOBBY),
          Refusal.NOT_IN_PARTY, "not in a party");
    }
  }

  @Nested
  @DisplayName("joinQueue (solo)")
  class JoinQueue {

    @Test
    void joinQueue_queuesASoloPlayerAndPublishesSoloJoin() {
      h.clock.advance(Duration.ofSeconds(5));

      QueueEntry entry = h.relva.joinQueue(ALICE, LOBBY, null).orElseThrow();

      SoloPlayer solo = (SoloPlayer) entry.entity();
      assertThat(solo.id().value()).matches("K[A-Za-z0-9]{6}");
      assertThat(solo.member()).isEqualTo(ALICE);
      assertThat(solo.region()).isEqualTo(US_E);
      assertThat(solo.type()).isEqualTo("solo");
      assertThat(entry.joinedAt()).isEqualTo(START.plusSeconds(5));
      assertThat(h.stores.queue().get(entry.slot())).contains(entry);
      assertThat(h.stores.soloTickets().get(ALICE.id())).contains(solo.id());
      assertThat(h.stores.parties().size()).isZero();
      assertThat(h.events).containsExactly(new QueueEvent.SoloJoin(entry));
      assertThat(((QueueEvent.SoloJoin) h.events.get(0)).solo()).isEqualTo(solo);
      assertThat(h.events.get(0).at()).isEqualTo(START.plusSeconds(5));
      assertThat(h.channels.calls()).isEmpty();
      h.assertConsistent();
    }

    @Test
    void joinQueue_inANamedRegion() {
      assertThat(h.relva.joinQueue(ALICE, LOBBY, " US-W ").orElseThrow().region())
          .isEqualTo(Region.of("us-w"));
    }

    @Test
    void joinQueue_refusedForAPartyMember_whoIsToldToAskTheirLeader() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.joinQueue(BOB, LOBBY, null), Refusal.IN_PARTY,
          "You are in party " + party.id(), "Ask your leader, Alice,", party.channelName());
    }

    @Test
    void joinQueue_refusedForAPartyLeader_whoIsToldToQueueTheParty() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.joinQueue(ALICE, LOBBY, null), Refusal.IN_PARTY,
          "You lead party " + party.id(), "from its channel", party.channelName());
    }

    @Test
    void joinQueue_refusedForAPartyMember_evenFromThePartysChannel() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.joinQueue(BOB, h.channelOf(party), null), Refusal.IN_PARTY,
          "Ask your leader");
    }

    @Test
    void joinQueue_refusedOutsideTheLobby() {
      h.assertRefused(() -> h.relva.joinQueue(ALICE, GENERAL, null), Refusal.WRONG_CHANNEL,
          "only in #kiwipugs");
    }

    @Test
    void joinQueue_refusedFromAPartyChannelForSomeoneOutsideTheParty() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.joinQueue(CAROL, h.channelOf(party), null),
          Refusal.WRONG_CHANNEL, "#kiwipugs");
    }

    @Test
    void joinQueue_refusedWhenAlreadyQueued() {
      h.solo(ALICE);

      h.assertRefused(() -> h.relva.joinQueue(ALICE, LOBBY, null), Refusal.ALREADY_QUEUED,
          "already in the queue");
    }

    @Test
    void joinQueue_refusedForAnUnknownRegion() {
      h.assertRefused(() -> h.relva.joinQueue(ALICE, LOBBY, "mars"), Refusal.UNKNOWN_REGION,
          "'mars'", "us-e, us-w, eu");
    }

    @Test
    void joinQueue_theLobbyIsConfigurable() {
      RelvaHarness custom = new RelvaHarness(RelvaConfig.defaults()
          .withLobby(ChannelId.of("lfg")));

      custom.assertRefused(() -> custom.relva.joinQueue(ALICE, LOBBY, null),
          Refusal.WRONG_CHANNEL, "#lfg");
      assertThat(custom.relva.joinQueue(ALICE, ChannelId.of("lfg"), null).isSuccess()).isTrue();
    }
  }

  @Nested
  @DisplayName("leaveQueue (solo)")
  class LeaveQueue {

    @Test
    void leaveQueue_takesTheSoloPlayerOutAndPublishesSoloLeave() {
      QueueEntry entry = h.solo(ALICE);
      h.forget();
      h.clock.advance(Duration.ofSeconds(7));

      QueueEntry taken = h.relva.leaveQueue(ALICE.id(), LOBBY).orElseThrow();

      assertThat(taken).isEqualTo(entry);
      assertThat(h.stores.queue().size()).isZero();
      assertThat(h.stores.soloTickets().size()).isZero();
      assertThat(h.events).containsExactly(
          new QueueEvent.SoloLeave(entry, LeaveReason.LEFT, START.plusSeconds(7)));
      assertThat(h.channels.calls()).isEmpty();
      h.assertConsistent();
    }

    @Test
    void leaveQueue_thePlayerMayQueueAgainLater() {
      h.solo(ALICE);
      h.relva.leaveQueue(ALICE.id(), LOBBY).orElseThrow();
      h.clock.advance(Duration.ofSeconds(1));

      assertThat(h.solo(ALICE).joinedAt()).isEqualTo(START.plusSeconds(1));
      h.assertConsistent();
    }

    @Test
    void leaveQueue_refusedWhenNotQueued() {
      h.assertRefused(() -> h.relva.leaveQueue(ALICE.id(), LOBBY), Refusal.NOT_QUEUED,
          "not in the queue");
    }

    @Test
    void leaveQueue_refusedForAQueuedPartysMember_pointingToTheLeader() {
      Party party = h.party(ALICE, BOB);
      h.queue(party);

      h.assertRefused(() -> h.relva.leaveQueue(BOB.id(), LOBBY), Refusal.NOT_QUEUED,
          "not queued alone", "leader", party.channelName());
    }

    @Test
    void leaveQueue_refusedOutsideTheLobby() {
      h.solo(ALICE);

      h.assertRefused(() -> h.relva.leaveQueue(ALICE.id(), GENERAL), Refusal.WRONG_CHANNEL,
          "#kiwipugs");
    }
  }

  @Nested
  @DisplayName("pop")
  class Pop {

    @Test
    void pop_takesEveryEntryOutAtOnceAndPublishesQueuePop() {
      Party party = h.party(ALICE, BOB);
      QueueEntry partyEntry = h.queue(party);
      h.clock.advance(Duration.ofSeconds(10));
      QueueEntry carol = h.solo(CAROL);
      QueueEntry dave = h.solo(DAVE);
      QueueEntry bystander = h.solo(ERIN);
      h.forget();
      h.clock.advance(Duration.ofSeconds(20));

      PoppedMatch match = h.relva.pop(US_E, List.of(List.of(partyEntry), List.of(carol, dave)))
          .orElseThrow();

      assertThat(match.matchId()).matches("M[A-Za-z0-9]{8}");
      assertThat(match.region()).isEqualTo(US_E);
      assertThat(match.poppedAt()).isEqualTo(START.plusSeconds(30));
      assertThat(match.teams()).containsExactly(List.of(partyEntry), List.of(carol, dave));
      assertThat(h.relva.queue()).containsExactly(bystander);
      assertThat(h.stores.soloTickets().snapshot()).containsOnlyKeys(ERIN.id());
      assertThat(h.relva.party(party.id())).contains(party);
      assertThat(h.stores.tallies().get(party.id()))
          .contains(new PartyTally(Duration.ofSeconds(30), 1));
      assertThat(h.events).containsExactly(new QueueEvent.QueuePop(match),
          new MatchEvent.Opened(h.relva.match(match.matchId()).orElseThrow(), true,
              START.plusSeconds(30)));
      assertThat(h.events.get(0).at()).isEqualTo(START.plusSeconds(30));
      assertThat(h.channels.calls()).isEmpty();
      h.assertConsistent();
    }

    @Test
    void pop_matchHoldsTheEntriesAsTheyAreNow() {
      Party party = h.party(ALICE, BOB);
      QueueEntry proposed = h.queue(party);
      QueueEntry carol = h.solo(CAROL);
      Party recoded = h.relva.newJoinCode(ALICE.id(), h.channelOf(party)).orElseThrow();

      PoppedMatch match = h.relva.pop(US_E, List.of(List.of(proposed), List.of(carol)))
          .orElseThrow();

      assertThat(match.teams().get(0))
          .containsExactly(new QueueEntry(recoded, proposed.joinedAt()));
    }

    @Test
    void pop_poppedPlayersQueueAgainOnlyOnceTheirMatchIsOver() {
      Party party = h.party(ALICE, BOB);
      QueueEntry partyEntry = h.queue(party);
      QueueEntry carol = h.solo(CAROL);
      String match = h.relva.pop(US_E, List.of(List.of(partyEntry), List.of(carol)))
          .orElseThrow().matchId();

      assertThat(h.relva.joinQueue(CAROL, LOBBY, null).refused()).contains(Refusal.QUEUE_BLOCKED);
      for (Member m : List.of(ALICE, BOB, CAROL)) {
        h.relva.acceptMatch(m.id(), match).orElseThrow();
      }
      assertThat(h.relva.queueParty(ALICE.id(), h.channelOf(party)).refused())
          .contains(Refusal.QUEUE_BLOCKED);
      h.relva.reportResult(ALICE.id(), match, MatchResult.win(0)).orElseThrow();
      h.relva.reportResult(BOB.id(), match, MatchResult.win(0)).orElseThrow();

      assertThat(h.relva.queueParty(ALICE.id(), h.channelOf(party)).isSuccess()).isTrue();
      assertThat(h.relva.joinQueue(CAROL, LOBBY, null).isSuccess()).isTrue();
    }

    @Test
    void pop_refusedForASingleTeam() {
      QueueEntry alice = h.solo(ALICE);
      QueueEntry bob = h.solo(BOB);

      h.assertRefused(() -> h.relva.pop(US_E, List.of(List.of(alice, bob))), Refusal.INVALID,
          "at least two non-empty teams");
    }

    @Test
    void pop_refusedForNoTeams() {
      h.solo(ALICE);

      h.assertRefused(() -> h.relva.pop(US_E, List.of()), Refusal.INVALID, "two");
    }

    @Test
    void pop_refusedForAnEmptyTeam() {
      QueueEntry alice = h.solo(ALICE);
      QueueEntry bob = h.solo(BOB);

      h.assertRefused(() -> h.relva.pop(US_E, List.of(List.of(alice, bob), List.of())),
          Refusal.INVALID, "non-empty");
    }

    @Test
    void pop_refusedForAnEntryInTwoTeams() {
      QueueEntry alice = h.solo(ALICE);
      QueueEntry bob = h.solo(BOB);

      h.assertRefused(() -> h.relva.pop(US_E, List.of(List.of(alice, bob), List.of(alice))),
          Refusal.INVALID, alice.id().value(), "twice");
    }

    @Test
    void pop_refusedForAnEntryTwiceInOneTeam() {
      QueueEntry alice = h.solo(ALICE);
      QueueEntry bob = h.solo(BOB);

      h.assertRefused(() -> h.relva.pop(US_E, List.of(List.of(bob), List.of(alice, alice))),
          Refusal.INVALID, "twice");
    }

    @Test
    void pop_refusedWhenASoloPlayerLeft_andTakesNobodyElse() {
      Party party = h.party(ALICE, BOB);
      QueueEntry partyEntry = h.queue(party);
      h.clock.advance(Duration.ofSeconds(1));
      QueueEntry carol = h.solo(CAROL);
      QueueEntry dave = h.solo(DAVE);
      h.relva.leaveQueue(DAVE.id(), LOBBY).orElseThrow();

      h.assertRefused(() -> h.relva.pop(US_E, List.of(List.of(partyEntry), List.of(carol,
          dave))), Refusal.ENTRY_CHANGED, dave.id().value(), "no longer in the queue");

      assertThat(h.relva.queue()).containsExactly(partyEntry, carol);
    }

    @Test
    void pop_refusedWhenAPartyWasDequeued() {
      Party party = h.party(ALICE, BOB);
      QueueEntry partyEntry = h.queue(party);
      QueueEntry carol = h.solo(CAROL);
      h.relva.dequeueParty(ALICE.id(), h.channelOf(party)).orElseThrow();

      h.assertRefused(() -> h.relva.pop(US_E, List.of(List.of(carol), List.of(partyEntry))),
          Refusal.ENTRY_CHANGED, party.id().value());
    }

    @Test
    void pop_refusedWhenAPartyLeftAndRejoined() {
      Party party = h.party(ALICE, BOB);
      QueueEntry stale = h.queue(party);
      QueueEntry carol = h.solo(CAROL);
      h.relva.dequeueParty(ALICE.id(), h.channelOf(party)).orElseThrow();
      h.clock.advance(Duration.ofSeconds(3));
      QueueEntry fresh = h.queue(party);
      assertThat(fresh.joinedAt()).isNotEqualTo(stale.joinedAt());

      h.assertRefused(() -> h.relva.pop(US_E, List.of(List.of(stale), List.of(carol))),
          Refusal.ENTRY_CHANGED, party.id().value());

      assertThat(h.relva.pop(US_E, List.of(List.of(fresh), List.of(carol))).isSuccess()).isTrue();
    }

    @Test
    void pop_refusedWhenASoloPlayerLeftAndRejoinedUnderTheSameTicketId() {
      // The rigged generator hands Bob's second ticket the id of his first.
      RelvaHarness rigged = new RelvaHarness(new ScriptedRandom()
          .thenId("AAAAAA").thenId("BBBBBB").thenId("AAAAAA"));
      QueueEntry stale = rigged.solo(BOB);
      QueueEntry carol = rigged.solo(CAROL);
      rigged.relva.leaveQueue(BOB.id(), LOBBY).orElseThrow();
      rigged.clock.advance(Duration.ofSeconds(1));
      QueueEntry fresh = rigged.solo(BOB);
      assertThat(fresh.id()).isEqualTo(stale.id());

      rigged.assertRefused(() -> rigged.relva.pop(US_E, List.of(List.of(stale), List.of(carol))),
          Refusal.ENTRY_CHANGED, "KAAAAAA");
    }

    @Test
    void pop_refusedWhenAPartyLostAMember() {
      Party party = h.party(ALICE, BOB, CAROL);
      QueueEntry partyEntry = h.queue(party);
      QueueEntry dave = h.solo(DAVE);
      h.relva.leaveParty(CAROL.id(), h.channelOf(party)).orElseThrow();

      h.assertRefused(() -> h.relva.pop(US_E, List.of(List.of(partyEntry), List.of(dave))),
          Refusal.ENTRY_CHANGED, "no longer in the queue");
    }

    @Test
    void pop_refusedForAnEntryThatWasNeverQueued() {
      QueueEntry alice = h.solo(ALICE);
      QueueEntry ghost = new QueueEntry(new SoloPlayer(EntityId.of("Kghost1"), US_E, BOB), START);

      h.assertRefused(() -> h.relva.pop(US_E, List.of(List.of(alice), List.of(ghost))),
          Refusal.ENTRY_CHANGED, "Kghost1");
    }

    @Test
    void pop_twoMatchesInTheSameQueue_areIndependent() {
      QueueEntry a = h.solo(ALICE);
      QueueEntry b = h.solo(BOB);
      QueueEntry c = h.solo(CAROL);
      QueueEntry d = h.solo(DAVE);

      PoppedMatch first = h.relva.pop(US_E, List.of(List.of(a), List.of(b))).orElseThrow();
      PoppedMatch second = h.relva.pop(US_E, List.of(List.of(c), List.of(d))).orElseThrow();

      assertThat(first.matchId()).isNotEqualTo(second.matchId());
      assertThat(h.relva.queue()).isEmpty();
      h.assertRefused(() -> h.relva.pop(US_E, List.of(List.of(a), List.of(c))),
          Refusal.ENTRY_CHANGED, "no longer in the queue");
    }
  }

  @Nested
  @DisplayName("partyStats")
  class PartyStatsOperation {

    @Test
    void partyStats_ofANewParty() {
      Party party = h.party(ALICE, BOB);
      h.clock.advance(Duration.ofMinutes(1));
      h.forget();

      PartyStats stats = h.relva.partyStats(BOB.id(), h.channelOf(party)).orElseThrow();

      assertThat(stats).isEqualTo(
          new PartyStats(party, START, Optional.empty(), Duration.ZERO, 0));
      assertThat(h.events).isEmpty();
      assertThat(h.channels.calls()).isEmpty();
    }

    @Test
    void partyStats_timeQueuedAccumulatesAcrossStays_andCountsTheCurrentOne() {
      Party party = h.party(ALICE, BOB);
      ChannelId channel = h.channelOf(party);

      h.queue(party);
      h.clock.advance(Duration.ofSeconds(30));
      assertThat(h.relva.partyStats(BOB.id(), channel).orElseThrow().timeQueued())
          .isEqualTo(Duration.ofSeconds(30));
      h.relva.dequeueParty(ALICE.id(), channel).orElseThrow();
      h.clock.advance(Duration.ofMinutes(10)); // out of the queue: not counted
      assertThat(h.relva.partyStats(BOB.id(), channel).orElseThrow().timeQueued())
          .isEqualTo(Duration.ofSeconds(30));

      Instant secondStay = h.clock.instant();
      h.queue(party);
      h.clock.advance(Duration.ofSeconds(15));
      PartyStats during = h.relva.partyStats(ALICE.id(), channel).orElseThrow();

      assertThat(during.queuedSince()).contains(secondStay);
      assertThat(during.timeQueued()).isEqualTo(Duration.ofSeconds(45));
      assertThat(during.matches()).isZero();
    }

    @Test
    void partyStats_countsMatchesAndTheTimeQueuedBeforeEachPop() {
      Party party = h.party(ALICE, BOB);
      ChannelId channel = h.channelOf(party);

      QueueEntry first = h.queue(party);
      QueueEntry carol = h.solo(CAROL);
      h.clock.advance(Duration.ofSeconds(20));
      String match = h.relva.pop(US_E, List.of(List.of(first), List.of(carol))).orElseThrow()
          .matchId();
      h.clock.advance(Duration.ofMinutes(30)); // nobody accepted: the ready check timed out
      assertThat(h.relva.tick()).extracting(MatchRecord::id).containsExactly(match);
      QueueEntry second = h.queue(party);
      QueueEntry dave = h.solo(DAVE);
      h.clock.advance(Duration.ofSeconds(25));
      h.relva.pop(US_E, List.of(List.of(dave), List.of(second))).orElseThrow();
      h.clock.advance(Duration.ofMinutes(1));

      PartyStats stats = h.relva.partyStats(BOB.id(), channel).orElseThrow();

      assertThat(stats.matches()).isEqualTo(2);
      assertThat(stats.timeQueued()).isEqualTo(Duration.ofSeconds(45));
      assertThat(stats.queuedSince()).isEmpty();
    }

    @Test
    void partyStats_countsAStayEndedByAMemberLeaving() {
      Party party = h.party(ALICE, BOB, CAROL);
      ChannelId channel = h.channelOf(party);
      h.queue(party);
      h.clock.advance(Duration.ofSeconds(50));
      h.relva.removeMember(ALICE.id(), channel, CAROL.id()).orElseThrow();

      assertThat(h.relva.partyStats(BOB.id(), channel).orElseThrow().timeQueued())
          .isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void partyStats_refusedOutsideThePartysChannel() {
      h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.partyStats(BOB.id(), LOBBY),
          Refusal.WRONG_CHANNEL, "only in your party's channel");
    }

    @Test
    void partyStats_refusedOutsideAParty() {
      h.assertRefused(() -> h.relva.partyStats(BOB.id(), GENERAL),
          Refusal.NOT_IN_PARTY, "not in a party");
    }
  }

  @Nested
  @DisplayName("queries")
  class Queries {

    @Test
    void partyOf_findsTheLeadersAndMembersParty() {
      Party party = h.party(ALICE, BOB);

      assertThat(h.relva.partyOf(ALICE.id())).contains(party);
      assertThat(h.relva.partyOf(BOB.id())).contains(party);
      assertThat(h.relva.partyOf(CAROL.id())).isEmpty();
    }

    @Test
    void partyAndChannel_byId_untilDisbanded() {
      Party party = h.create(ALICE);
      ChannelId channel = h.channels.opened(party.id());

      assertThat(h.relva.party(party.id())).contains(party);
      assertThat(h.relva.channel(party.id())).contains(channel);
      h.relva.disbandParty(ALICE.id(), channel).orElseThrow();
      assertThat(h.relva.party(party.id())).isEmpty();
      assertThat(h.relva.channel(party.id())).isEmpty();
    }

    @Test
    void parties_areSortedById() {
      RelvaHarness rigged = new RelvaHarness(new ScriptedRandom()
          .thenId("zzzzzz").thenCode("ZZZZZZZZ")
          .thenId("AAAAAA").thenCode("AAAAAAAA")
          .thenId("mmmmmm").thenCode("MMMMMMMM"));
      rigged.create(ALICE);
      rigged.create(BOB);
      rigged.create(CAROL);

      assertThat(rigged.relva.parties()).extracting(p -> p.id().value())
          .containsExactly("KAAAAAA", "Kmmmmmm", "Kzzzzzz");
    }

    @Test
    void queue_isOldestFirst_tiesBrokenById() {
      RelvaHarness rigged = new RelvaHarness(new ScriptedRandom()
          .thenId("zzzzzz").thenId("BBBBBB").thenId("AAAAAA"));
      QueueEntry z = rigged.solo(ALICE);
      rigged.clock.advance(Duration.ofSeconds(1));
      QueueEntry b = rigged.solo(BOB);
      QueueEntry a = rigged.solo(CAROL);

      assertThat(rigged.relva.queue()).containsExactly(z, a, b);
    }

    @Test
    void queueEntryOf_findsSoloPlayersAndQueuedPartyMembers() {
      Party party = h.party(ALICE, BOB);
      QueueEntry partyEntry = h.queue(party);
      QueueEntry carol = h.solo(CAROL);
      h.party(DAVE, ERIN);

      assertThat(h.relva.queueEntryOf(ALICE.id())).contains(partyEntry);
      assertThat(h.relva.queueEntryOf(BOB.id())).contains(partyEntry);
      assertThat(h.relva.queueEntryOf(CAROL.id())).contains(carol);
      assertThat(h.relva.queueEntryOf(DAVE.id())).isEmpty();
      assertThat(h.relva.queueEntryOf(FRANK.id())).isEmpty();
    }

    @Test
    void queries_changeNothingAndPublishNothing() {
      Party party = h.party(ALICE, BOB);
      h.queue(party);
      h.solo(CAROL);
      var before = h.snapshot();
      h.forget();

      h.relva.partyOf(ALICE.id());
      h.relva.party(party.id());
      h.relva.channel(party.id());
      h.relva.parties();
      h.relva.queue();
      h.relva.queueEntryOf(GRACE.id());
      h.relva.queueEntryOf(HEIDI.id());

      assertThat(h.snapshot()).isEqualTo(before);
      assertThat(h.events).isEmpty();
      assertThat(h.channels.calls()).isEmpty();
    }
  }
}
