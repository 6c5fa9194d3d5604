package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.ERIN;
import static org.relva.core.RelvaHarness.FRANK;
import static org.relva.core.RelvaHarness.GENERAL;
import static org.relva.core.RelvaHarness.LOBBY;
import static org.relva.core.RelvaHarness.START;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relva.core.RecordingPartyChannels.Close;
import org.relva.core.RecordingPartyChannels.Grant;
import org.relva.core.RecordingPartyChannels.Open;
import org.relva.core.RecordingPartyChannels.Revoke;
import org.relva.core.PartyChannels.ChannelException;
import org.relva.core.event.PartyEvent;
import org.relva.core.event.PartyEvent.DisbandReason;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.QueueSlot;
import org.relva.core.model.Region;

/** The party operations of {@link Relva}: each rule, each refusal and its message. */
class RelvaPartyTest {
  private final RelvaHarness h = new RelvaHarness();

  @Nested
  @DisplayName("createParty")
  class CreateParty {

    @Test
    void createParty_storesThePartyItsIndexesAndChannel() {
      Party party = h.relva.createParty(ALICE, GENERAL, null).orElseThrow();

      assertThat(party.id().value()).matches("K[A-Za-z0-9]{6}");
      assertThat(party.region()).isEqualTo(Region.of("us-e"));
      assertThat(party.leaderId()).isEqualTo(ALICE.id());
      assertThat(party.members()).containsExactly(ALICE);
      assertThat(party.createdAt()).isEqualTo(START);
      ChannelId channel = h.channels.opened(party.id());
      assertThat(h.stores.parties().get(party.id())).contains(party);
      assertThat(h.stores.leaders().get(ALICE.id())).contains(party.id());
      assertThat(h.stores.memberships().get(ALICE.id())).contains(party.id());
      assertThat(h.stores.joinCodes().get(party.joinCode())).contains(party.id());
      assertThat(h.stores.channels().get(party.id())).contains(channel);
      assertThat(h.stores.tallies().get(party.id())).contains(PartyTally.EMPTY);
      assertThat(h.stores.queue().size()).isZero();
      assertThat(h.events).containsExactly(new PartyEvent.Created(party, START));
      assertThat(h.channels.calls()).containsExactly(
          new Open(party.id(), "Party [" + party.id().value() + "]", ALICE, channel));
      h.assertConsistent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu", "EU", "  Eu  "})
    void createParty_regionIsFoundIgnoringCaseAndSpaces(String region) {
      Party party = h.relva.createParty(ALICE, GENERAL, region).orElseThrow();

      assertThat(party.region()).isEqualTo(Region.of("eu"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void createParty_blankRegionMeansTheDefault(String region) {
      assertThat(h.relva.createParty(ALICE, GENERAL, region).orElseThrow().region())
          .isEqualTo(Region.of("us-e"));
    }

    @Test
    void createParty_worksFromAnyChannel() {
      Party inLobby = h.relva.createParty(ALICE, LOBBY, null).orElseThrow();
      Party inAnotherPartysChannel =
          h.relva.createParty(BOB, h.channelOf(inLobby), null).orElseThrow();

      assertThat(h.relva.parties()).containsExactlyInAnyOrder(inLobby, inAnotherPartysChannel);
    }

    @Test
    void createParty_refusedForAnUnknownRegion() {
      h.assertRefused(() -> h.relva.createParty(ALICE, GENERAL, "asia"), Refusal.UNKNOWN_REGION,
          "'asia'", "us-e, us-w, eu");
    }

    @Test
    void createParty_refusedForALeader() {
      Party party = h.create(ALICE);

      h.assertRefused(() -> h.relva.createParty(ALICE, GENERAL, null), Refusal.ALREADY_IN_PARTY,
          party.id().value(), "Leave it first", party.channelName());
    }

    @Test
    void createParty_refusedForAMember() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.createParty(BOB, GENERAL, null), Refusal.ALREADY_IN_PARTY,
          "already in party " + party.id());
    }

    @Test
    void createParty_refusedWhileQueuedAlone() {
      h.solo(ALICE);

      h.assertRefused(() -> h.relva.createParty(ALICE, GENERAL, null), Refusal.ALREADY_QUEUED,
          "queue", "Leave it first", "#kiwipugs");
    }

    @Test
    void createParty_refusedAsBusyWhileTheSameUsersCreationIsUnderWay() {
      List<String> messages = new ArrayList<>();
      h.channels.duringNextOpen(() -> messages.add(h.assertRefused(
          () -> h.relva.createParty(ALICE, GENERAL, null), Refusal.BUSY, "being created")));

      Party party = h.create(ALICE);

      assertThat(messages).hasSize(1);
      assertThat(h.relva.partyOf(ALICE.id())).contains(party);
      h.assertConsistent();
    }

    @Test
    void createParty_whileAUsersCreationIsUnderWay_theirOtherCommandsAreBusy() {
      Party other = h.create(BOB);
      List<String> messages = new ArrayList<>();
      h.channels.duringNextOpen(() -> {
        messages.add(h.assertRefused(() -> h.relva.joinParty(ALICE, GENERAL,
            other.joinCode().display()), Refusal.BUSY));
        messages.add(h.assertRefused(() -> h.relva.joinQueue(ALICE, LOBBY, null), Refusal.BUSY));
        messages.add(h.assertRefused(() -> h.relva.leaveParty(ALICE.id(), GENERAL),
            Refusal.BUSY));
        messages.add(h.assertRefused(() -> h.relva.partyInfo(ALICE.id(), GENERAL),
            Refusal.BUSY));
      });

      h.create(ALICE);

      assertThat(messages).hasSize(4).allSatisfy(m -> assertThat(m).contains("Try again"));
    }

    @Test
    void createParty_channelException_createsNothingAndTheUserMayRetry() {
      h.channels.failNextOpen(new ChannelException("the server has too many channels"));

      h.assertRefused(() -> h.relva.createParty(ALICE, GENERAL, null),
          Refusal.CHANNEL_UNAVAILABLE, "the server has too many channels", "no party was created",
          "Try again");

      assertThat(h.channels.failedOpens()).isEqualTo(1);
      assertThat(h.snapshot().values()).allSatisfy(store -> assertThat(store).isEmpty());
      assertThat(h.relva.partyOf(ALICE.id())).isEmpty();
      Party party = h.create(ALICE);
      assertThat(h.relva.partyOf(ALICE.id())).contains(party);
      h.assertConsistent();
    }

    @Test
    void createParty_runtimeExceptionFromThePort_isChannelUnavailableToo() {
      h.channels.failNextOpen(new IllegalStateException("adapter bug"));

      h.assertRefused(() -> h.relva.createParty(ALICE, GENERAL, null),
          Refusal.CHANNEL_UNAVAILABLE, "no party was created");

      assertThat(h.snapshot().values()).allSatisfy(store -> assertThat(store).isEmpty());
      assertThat(h.create(ALICE).leaderId()).isEqualTo(ALICE.id());
    }

    @Test
    @DisplayName("an Error from PartyChannels.open propagates, but must not leave the user busy")
    void createParty_errorFromThePort_releasesTheUser() {
      h.channels.failNextOpen(new NoClassDefFoundError("net/dv8tion/jda/api/Permission"));

      assertThatThrownBy(() -> h.relva.createParty(ALICE, GENERAL, null))
          .isInstanceOf(NoClassDefFoundError.class);

      assertThat(h.snapshot().values()).allSatisfy(store -> assertThat(store).isEmpty());
      Outcome<Party> retry = h.relva.createParty(ALICE, GENERAL, null);
      assertThat(retry.refused()).as("refusal of a retry after the Error").isEmpty();
      assertThat(h.relva.partyOf(ALICE.id())).isPresent();
    }

    @Test
    void createParty_afterAChannelFailure_theUserIsFreeToJoinOrQueue() {
      Party bobs = h.create(BOB);
      h.channels.failNextOpen(new ChannelException("rate limited"));
      h.relva.createParty(ALICE, GENERAL, null);
      h.channels.failNextOpen(new ChannelException("rate limited"));
      h.relva.createParty(CAROL, GENERAL, null);

      assertThat(h.relva.joinParty(ALICE, GENERAL, bobs.joinCode().display()).isSuccess()).isTrue();
      assertThat(h.relva.joinQueue(CAROL, LOBBY, null).isSuccess()).isTrue();
      h.assertConsistent();
    }
  }

  @Nested
  @DisplayName("joinParty")
  class JoinParty {

    @Test
    void joinParty_addsTheMemberGrantsTheChannelAndPublishes() {
      Party before = h.create(ALICE);
      h.forget();
      h.clock.advance(Duration.ofSeconds(30));

      Party after = h.relva.joinParty(BOB, GENERAL, before.joinCode().display()).orElseThrow();

      assertThat(after.members()).containsExactly(ALICE, BOB);
      assertThat(after.leaderId()).isEqualTo(ALICE.id());
      assertThat(after.joinCode()).isEqualTo(before.joinCode());
      assertThat(h.current(before)).isEqualTo(after);
      assertThat(h.stores.memberships().get(BOB.id())).contains(before.id());
      assertThat(h.stores.leaders().containsKey(BOB.id())).isFalse();
      assertThat(h.events).containsExactly(
          new PartyEvent.MemberJoined(after, BOB, START.plusSeconds(30)));
      assertThat(h.channels.calls()).containsExactly(new Grant(h.channelOf(before), BOB));
      h.assertConsistent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HX7K-3MQD", "HX7K3MQD", "hx7k-3mqd", "hx7k3mqd", "hX7k-3MqD",
        "  hx7k 3mqd  "})
    void joinParty_codeIsAcceptedInAnyCaseWithOrWithoutTheHyphen(String typed) {
      RelvaHarness rigged = new RelvaHarness(new ScriptedRandom().thenId("8d0wl5")
          .thenCode("HX7K3MQD"));
      Party party = rigged.create(ALICE);
      assertThat(party.joinCode().display()).isEqualTo("HX7K-3MQD");

      assertThat(rigged.relva.joinParty(BOB, GENERAL, typed).orElseThrow().members())
          .containsExactly(ALICE, BOB);
    }

    @Test
    void joinParty_worksFromAnyChannel() {
      Party party = h.create(ALICE);
      Party other = h.create(CAROL);

      assertThat(h.relva.joinParty(BOB, LOBBY, party.joinCode().display()).isSuccess()).isTrue();
      assertThat(h.relva.joinParty(DAVE, h.channelOf(other), party.joinCode().display())
          .isSuccess()).isTrue();
    }

    @Test
    void joinParty_upToFiveMembers() {
      Party party = h.party(ALICE, BOB, CAROL, DAVE, ERIN);

      assertThat(party.members()).containsExactly(ALICE, BOB, CAROL, DAVE, ERIN);
      assertThat(party.isFull()).isTrue();
      h.assertConsistent();
    }

    @Test
    void joinParty_refusedWhenFull() {
      Party party = h.party(ALICE, BOB, CAROL, DAVE, ERIN);

      h.assertRefused(() -> h.relva.joinParty(FRANK, GENERAL, party.joinCode().display()),
          Refusal.PARTY_FULL, party.id().value(), "full", "5 players");
    }

    @Test
    void joinParty_refusedWhileQueued() {
      Party party = h.party(ALICE, BOB);
      h.queue(party);

      h.assertRefused(() -> h.relva.joinParty(CAROL, GENERAL, party.joinCode().display()),
          Refusal.PARTY_QUEUED, party.id().value(), "in the queue", "Ask Alice",
          "out of the queue");
    }

    @Test
    void joinParty_refusedForAWrongCode() {
      h.create(ALICE);

      h.assertRefused(() -> h.relva.joinParty(BOB, GENERAL, " ZZZZ-ZZZZ "), Refusal.NO_SUCH_CODE,
          "'ZZZZ-ZZZZ'", "leader", "new code");
    }

    @Test
    void joinParty_refusedForSomethingThatIsNoCodeAtAll() {
      h.create(ALICE);

      h.assertRefused(() -> h.relva.joinParty(BOB, GENERAL, "let me in"), Refusal.NO_SUCH_CODE,
          "'let me in'");
    }

    @Test
    void joinParty_refusedForTheCodeOfADisbandedParty() {
      Party party = h.create(ALICE);
      h.relva.disbandParty(ALICE.id(), h.channelOf(party)).orElseThrow();

      h.assertRefused(() -> h.relva.joinParty(BOB, GENERAL, party.joinCode().display()),
          Refusal.NO_SUCH_CODE, "No party has the join code");
    }

    @Test
    void joinParty_refusedForAMemberOfAnotherParty() {
      Party first = h.party(ALICE, BOB);
      Party second = h.create(CAROL);

      h.assertRefused(() -> h.relva.joinParty(BOB, GENERAL, second.joinCode().display()),
          Refusal.ALREADY_IN_PARTY, first.id().value(), "Leave it first");
    }

    @Test
    void joinParty_refusedForAMemberOfThatVeryParty() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.joinParty(BOB, GENERAL, party.joinCode().display()),
          Refusal.ALREADY_IN_PARTY, "already in party");
      h.assertRefused(() -> h.relva.joinParty(ALICE, GENERAL, party.joinCode().display()),
          Refusal.ALREADY_IN_PARTY, "already in party");
    }

    @Test
    void joinParty_refusedWhileQueuedAlone() {
      Party party = h.create(ALICE);
      h.solo(BOB);

      h.assertRefused(() -> h.relva.joinParty(BOB, GENERAL, party.joinCode().display()),
          Refusal.ALREADY_QUEUED, "Leave it first", "#kiwipugs");
    }
  }

  @Nested
  @DisplayName("wrong join codes are limited per user")
  class WrongCodeLimit {
    private static final String WRONG = "ZZZZ-ZZZZ";

    private void guessWrong(RelvaHarness harness, int times) {
      for (int i = 0; i < times; i++) {
        assertThat(harness.relva.joinParty(BOB, GENERAL, WRONG).refused())
            .contains(Refusal.NO_SUCH_CODE);
        harness.clock.advance(Duration.ofSeconds(1));
      }
    }

    @Test
    void sixthWrongCodeWithinAMinute_isRefusedWithTooManyAttempts() {
      h.create(ALICE);
      guessWrong(h, 5); // at 0 s to 4 s; the clock is now at 5 s

      h.assertRefused(() -> h.relva.joinParty(BOB, GENERAL, WRONG), Refusal.TOO_MANY_ATTEMPTS,
          "Too many wrong join codes", "55 s");
    }

    @Test
    void whileLimited_evenTheRightCodeIsRefused() {
      Party party = h.create(ALICE);
      guessWrong(h, 5);

      h.assertRefused(() -> h.relva.joinParty(BOB, GENERAL, party.joinCode().display()),
          Refusal.TOO_MANY_ATTEMPTS, "Too many wrong join codes");
    }

    @Test
    void afterTheWindowPasses_theUserMayTryAgain() {
      Party party = h.create(ALICE);
      guessWrong(h, 5);
      h.clock.advance(Duration.ofSeconds(54)); // 59 s: the first guess is still in the window
      h.assertRefused(() -> h.relva.joinParty(BOB, GENERAL, party.joinCode().display()),
          Refusal.TOO_MANY_ATTEMPTS, "1 s");

      h.clock.advance(Duration.ofSeconds(1)); // 60 s: the first guess has aged out

      assertThat(h.relva.joinParty(BOB, GENERAL, party.joinCode().display()).orElseThrow()
          .members()).containsExactly(ALICE, BOB);
    }

    @Test
    void afterTheWindowPasses_oneMoreWrongGuessIsAllowedPerGuessThatAgedOut() {
      h.create(ALICE);
      guessWrong(h, 5);
      h.clock.advance(Duration.ofSeconds(55)); // 60 s: only the first guess has aged out

      assertThat(h.relva.joinParty(BOB, GENERAL, WRONG).refused()).contains(Refusal.NO_SUCH_CODE);
      assertThat(h.relva.joinParty(BOB, GENERAL, WRONG).refused())
          .contains(Refusal.TOO_MANY_ATTEMPTS);
    }

    @Test
    void refusalsForTooManyAttempts_doNotExtendTheWindow() {
      Party party = h.create(ALICE);
      guessWrong(h, 5);
      for (int i = 0; i < 10; i++) {
        h.clock.advance(Duration.ofSeconds(5));
        assertThat(h.relva.joinParty(BOB, GENERAL, WRONG).refused())
            .contains(Refusal.TOO_MANY_ATTEMPTS);
      }
      h.clock.advance(Duration.ofSeconds(5)); // 60 s

      assertThat(h.relva.joinParty(BOB, GENERAL, party.joinCode().display()).isSuccess())
          .isTrue();
    }

    @Test
    void theLimitIsPerUser() {
      Party party = h.create(ALICE);
      guessWrong(h, 5);

      assertThat(h.relva.joinParty(BOB, GENERAL, WRONG).refused())
          .contains(Refusal.TOO_MANY_ATTEMPTS);
      assertThat(h.relva.joinParty(CAROL, GENERAL, WRONG).refused())
          .contains(Refusal.NO_SUCH_CODE);
      assertThat(h.relva.joinParty(CAROL, GENERAL, party.joinCode().display()).isSuccess())
          .isTrue();
    }

    @Test
    void refusalsOfARightCode_doNotCountAsWrongGuesses() {
      Party full = h.party(ALICE, CAROL, DAVE, ERIN, FRANK);
      for (int i = 0; i < 10; i++) {
        assertThat(h.relva.joinParty(BOB, GENERAL, full.joinCode().display()).refused())
            .contains(Refusal.PARTY_FULL);
      }

      assertThat(h.relva.joinParty(BOB, GENERAL, WRONG).refused()).contains(Refusal.NO_SUCH_CODE);
    }

    @Test
    void theLimitAndWindowAreConfigurable() {
      RelvaHarness strict = new RelvaHarness(
          RelvaConfig.defaults().withWrongCodeLimit(2, Duration.ofSeconds(10)));
      Party party = strict.create(ALICE);
      guessWrong(strict, 2); // at 0 s and 1 s; now 2 s

      strict.assertRefused(() -> strict.relva.joinParty(BOB, GENERAL, WRONG),
          Refusal.TOO_MANY_ATTEMPTS, "8 s");
      strict.clock.advance(Duration.ofSeconds(8));
      assertThat(strict.relva.joinParty(BOB, GENERAL, party.joinCode().display()).isSuccess())
          .isTrue();
    }
  }

  @Nested
  @DisplayName("leaveParty")
  class LeaveParty {

    @Test
    void leaveParty_memberLeaves_revokesTheChannelAndPublishes() {
      Party before = h.party(ALICE, BOB, CAROL);
      h.forget();

      Departure departure = h.relva.leaveParty(BOB.id(), h.channelOf(before)).orElseThrow();

      Party after = departure.after().orElseThrow();
      assertThat(departure.member()).isEqualTo(BOB);
      assertThat(departure.before()).isEqualTo(before);
      assertThat(departure.dequeued()).isEmpty();
      assertThat(departure.leaderChanged()).isFalse();
      assertThat(after.members()).containsExactly(ALICE, CAROL);
      assertThat(after.leaderId()).isEqualTo(ALICE.id());
      assertThat(h.current(before)).isEqualTo(after);
      assertThat(h.stores.memberships().containsKey(BOB.id())).isFalse();
      assertThat(h.events).containsExactly(new PartyEvent.MemberLeft(after, BOB, false, START));
      assertThat(h.channels.calls()).containsExactly(new Revoke(h.channelOf(before), BOB.id()));
      h.assertConsistent();
    }

    @Test
    void leaveParty_leaderLeaves_leadershipPassesToTheLongestStandingMember() {
      Party before = h.party(ALICE, BOB, CAROL);

      Departure departure = h.relva.leaveParty(ALICE.id(), h.channelOf(before)).orElseThrow();

      Party after = departure.after().orElseThrow();
      assertThat(after.leaderId()).isEqualTo(BOB.id());
      assertThat(after.members()).containsExactly(BOB, CAROL);
      assertThat(departure.leaderChanged()).isTrue();
      assertThat(h.stores.leaders().get(BOB.id())).contains(before.id());
      assertThat(h.stores.leaders().containsKey(ALICE.id())).isFalse();
      assertThat(h.events).last().isEqualTo(new PartyEvent.MemberLeft(after, ALICE, true, START));
      h.assertConsistent();
    }

    @Test
    void leaveParty_longestStandingMeansJoinOrder_notWhoWasPromoted() {
      Party party = h.party(ALICE, BOB, CAROL);
      ChannelId channel = h.channelOf(party);
      h.relva.promote(ALICE.id(), channel, CAROL.id()).orElseThrow();

      Party after = h.relva.leaveParty(CAROL.id(), channel).orElseThrow().after().orElseThrow();

      assertThat(after.leaderId()).isEqualTo(ALICE.id());
      assertThat(h.stores.leaders().get(ALICE.id())).contains(party.id());
      h.assertConsistent();
    }

    @Test
    void leaveParty_newLeaderMayUseLeaderCommands_formerMayNot() {
      Party party = h.party(ALICE, BOB, CAROL);
      ChannelId channel = h.channelOf(party);
      h.relva.leaveParty(ALICE.id(), channel).orElseThrow();

      h.assertRefused(() -> h.relva.removeMember(CAROL.id(), channel, BOB.id()),
          Refusal.NOT_LEADER, "Bob");
      assertThat(h.relva.removeMember(BOB.id(), channel, CAROL.id()).isSuccess()).isTrue();
    }

    @Test
    void leaveParty_lastMemberLeaving_disbandsTheParty() {
      Party party = h.create(ALICE);
      ChannelId channel = h.channelOf(party);
      h.forget();
      h.clock.advance(Duration.ofMinutes(3));

      Departure departure = h.relva.leaveParty(ALICE.id(), channel).orElseThrow();

      assertThat(departure.member()).isEqualTo(ALICE);
      assertThat(departure.before()).isEqualTo(party);
      assertThat(departure.after()).isEmpty();
      assertThat(departure.dequeued()).isEmpty();
      assertThat(departure.leaderChanged()).isFalse();
      assertThat(h.snapshot().values()).allSatisfy(store -> assertThat(store).isEmpty());
      assertThat(h.events).containsExactly(new PartyEvent.Disbanded(party,
          DisbandReason.LAST_MEMBER_LEFT, START.plus(Duration.ofMinutes(3))));
      assertThat(h.channels.calls()).containsExactly(new Close(channel));
      assertThat(h.relva.party(party.id())).isEmpty();
      assertThat(h.relva.channel(party.id())).isEmpty();
    }

    @Test
    void leaveParty_lastOfSeveral_disbandsAfterTheOthersLeft() {
      Party party = h.party(ALICE, BOB);
      ChannelId channel = h.channelOf(party);
      h.relva.leaveParty(ALICE.id(), channel).orElseThrow();

      Departure last = h.relva.leaveParty(BOB.id(), channel).orElseThrow();

      assertThat(last.after()).isEmpty();
      assertThat(h.snapshot().values()).allSatisfy(store -> assertThat(store).isEmpty());
      assertThat(h.relva.createParty(BOB, GENERAL, null).isSuccess()).isTrue();
    }

    @Test
    void leaveParty_fromAQueuedParty_takesItOutOfTheQueue() {
      Party party = h.party(ALICE, BOB, CAROL);
      QueueEntry entry = h.queue(party);
      h.forget();
      h.clock.advance(Duration.ofSeconds(40));

      Departure departure = h.relva.leaveParty(CAROL.id(), h.channelOf(party)).orElseThrow();

      Party after = departure.after().orElseThrow();
      assertThat(departure.dequeued()).contains(LeaveReason.MEMBER_LEFT);
      assertThat(h.stores.queue().size()).isZero();
      assertThat(h.events).containsExactly(
          new QueueEvent.PartyLeave(entry, LeaveReason.MEMBER_LEFT, START.plusSeconds(40)),
          new PartyEvent.MemberLeft(after, CAROL, false, START.plusSeconds(40)));
      assertThat(h.stores.tallies().get(party.id()))
          .contains(new PartyTally(Duration.ofSeconds(40), 0));
      h.assertConsistent();
    }

    @Test
    void leaveParty_refusedOutsideAParty() {
      h.create(ALICE);

      h.assertRefused(() -> h.relva.leaveParty(BOB.id(), GENERAL), Refusal.NOT_IN_PARTY,
          "not in a party", "Create one", "join one with its join code");
    }

    @Test
    void leaveParty_refusedOutsideThePartysChannel() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.leaveParty(BOB.id(), LOBBY), Refusal.WRONG_CHANNEL,
          "only in your party's channel", "Party [" + party.id().value() + "]");
    }

    @Test
    void leaveParty_refusedFromAnotherPartysChannel() {
      h.party(ALICE, BOB);
      Party other = h.create(CAROL);

      h.assertRefused(() -> h.relva.leaveParty(BOB.id(), h.channelOf(other)),
          Refusal.WRONG_CHANNEL, "only in your party's channel");
    }
  }

  @Nested
  @DisplayName("disbandParty")
  class DisbandParty {

    @Test
    void disbandParty_removesThePartyAndEveryIndexOfItAndClosesTheChannel() {
      Party party = h.party(ALICE, BOB, CAROL);
      Party other = h.party(DAVE, ERIN);
      ChannelId channel = h.channelOf(party);
      var otherStateBefore = h.stores.parties().get(other.id());
      h.forget();

      Party disbanded = h.relva.disbandParty(ALICE.id(), channel).orElseThrow();

      assertThat(disbanded).isEqualTo(party);
      assertThat(h.stores.parties().snapshot()).containsOnlyKeys(other.id());
      assertThat(h.stores.parties().get(other.id())).isEqualTo(otherStateBefore);
      assertThat(h.stores.memberships().snapshot()).containsOnlyKeys(DAVE.id(), ERIN.id());
      assertThat(h.stores.leaders().snapshot()).containsOnlyKeys(DAVE.id());
      assertThat(h.stores.joinCodes().snapshot()).containsOnlyKeys(other.joinCode());
      assertThat(h.stores.channels().snapshot()).containsOnlyKeys(other.id());
      assertThat(h.stores.tallies().snapshot()).containsOnlyKeys(other.id());
      assertThat(h.events).containsExactly(
          new PartyEvent.Disbanded(party, DisbandReason.BY_LEADER, START));
      assertThat(h.channels.calls()).containsExactly(new Close(channel));
      h.assertConsistent();
    }

    @Test
    void disbandParty_formerMembersAreFreeAgain() {
      Party party = h.party(ALICE, BOB);
      Party other = h.create(CAROL);
      h.relva.disbandParty(ALICE.id(), h.channelOf(party)).orElseThrow();

      assertThat(h.relva.partyOf(BOB.id())).isEmpty();
      assertThat(h.relva.joinParty(BOB, GENERAL, other.joinCode().display()).isSuccess()).isTrue();
      assertThat(h.relva.joinQueue(ALICE, LOBBY, null).isSuccess()).isTrue();
    }

    @Test
    void disbandParty_queuedParty_leavesTheQueueFirst() {
      Party party = h.party(ALICE, BOB);
      QueueEntry entry = h.queue(party);
      h.forget();

      h.relva.disbandParty(ALICE.id(), h.channelOf(party)).orElseThrow();

      assertThat(h.stores.queue().size()).isZero();
      assertThat(h.events).containsExactly(
          new QueueEvent.PartyLeave(entry, LeaveReason.DISBANDED, START),
          new PartyEvent.Disbanded(party, DisbandReason.BY_LEADER, START));
      assertThat(h.snapshot().values()).allSatisfy(store -> assertThat(store).isEmpty());
    }

    @Test
    void disbandParty_refusedForAMember_namingTheLeader() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.disbandParty(BOB.id(), h.channelOf(party)),
          Refusal.NOT_LEADER, "Only the party's leader, Alice, can disband the party.");
    }

    @Test
    void disbandParty_refusedOutsideThePartysChannel() {
      h.create(ALICE);

      h.assertRefused(() -> h.relva.disbandParty(ALICE.id(), GENERAL), Refusal.WRONG_CHANNEL,
          "party's channel");
    }

    @Test
    void disbandParty_refusedOutsideAParty() {
      h.assertRefused(() -> h.relva.disbandParty(ALICE.id(), GENERAL), Refusal.NOT_IN_PARTY,
          "not in a party");
    }
  }

  @Nested
  @DisplayName("removeMember")
  class RemoveMember {

    @Test
    void removeMember_removesTheTargetRevokesTheChannelAndPublishes() {
      Party before = h.party(ALICE, BOB, CAROL);
      h.forget();

      Departure departure =
          h.relva.removeMember(ALICE.id(), h.channelOf(before), BOB.id()).orElseThrow();

      Party after = departure.after().orElseThrow();
      assertThat(departure.member()).isEqualTo(BOB);
      assertThat(departure.before()).isEqualTo(before);
      assertThat(departure.dequeued()).isEmpty();
      assertThat(departure.leaderChanged()).isFalse();
      assertThat(after.members()).containsExactly(ALICE, CAROL);
      assertThat(h.current(before)).isEqualTo(after);
      assertThat(h.stores.memberships().containsKey(BOB.id())).isFalse();
      assertThat(h.events).containsExactly(
          new PartyEvent.MemberRemoved(after, BOB, ALICE.id(), START));
      assertThat(h.channels.calls()).containsExactly(new Revoke(h.channelOf(before), BOB.id()));
      h.assertConsistent();
    }

    @Test
    void removeMember_canLeaveTheLeaderAlone() {
      Party party = h.party(ALICE, BOB);

      Party after = h.relva.removeMember(ALICE.id(), h.channelOf(party), BOB.id()).orElseThrow()
          .after().orElseThrow();

      assertThat(after.members()).containsExactly(ALICE);
      assertThat(h.relva.party(party.id())).contains(after);
    }

    @Test
    void removeMember_fromAQueuedParty_takesItOutOfTheQueue() {
      Party party = h.party(ALICE, BOB, CAROL);
      QueueEntry entry = h.queue(party);
      h.forget();

      Departure departure =
          h.relva.removeMember(ALICE.id(), h.channelOf(party), CAROL.id()).orElseThrow();

      assertThat(departure.dequeued()).contains(LeaveReason.MEMBER_REMOVED);
      assertThat(h.stores.queue().size()).isZero();
      assertThat(h.events).containsExactly(
          new QueueEvent.PartyLeave(entry, LeaveReason.MEMBER_REMOVED, START),
          new PartyEvent.MemberRemoved(departure.after().orElseThrow(), CAROL, ALICE.id(),
              START));
      h.assertConsistent();
    }

    @Test
    void removeMember_refusedForAMember_namingTheLeader() {
      Party party = h.party(ALICE, BOB, CAROL);

      h.assertRefused(() -> h.relva.removeMember(BOB.id(), h.channelOf(party), CAROL.id()),
          Refusal.NOT_LEADER, "Only the party's leader, Alice, can remove players.");
    }

    @Test
    void removeMember_refusedForTheLeaderThemself() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.removeMember(ALICE.id(), h.channelOf(party), ALICE.id()),
          Refusal.CANNOT_TARGET_SELF, "can't remove yourself", "Leave the party", "disband it");
    }

    @Test
    void removeMember_refusedForSomeoneInAnotherParty() {
      Party party = h.party(ALICE, BOB);
      h.party(CAROL, DAVE);

      h.assertRefused(() -> h.relva.removeMember(ALICE.id(), h.channelOf(party), DAVE.id()),
          Refusal.NOT_A_MEMBER, "not in your party");
    }

    @Test
    void removeMember_refusedForSomeoneInNoParty() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.removeMember(ALICE.id(), h.channelOf(party), ERIN.id()),
          Refusal.NOT_A_MEMBER, "not in your party");
    }

    @Test
    void removeMember_refusedOutsideThePartysChannel() {
      h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.removeMember(ALICE.id(), LOBBY, BOB.id()),
          Refusal.WRONG_CHANNEL, "only in your party's channel");
    }

    @Test
    void removeMember_refusedOutsideAParty() {
      h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.removeMember(CAROL.id(), GENERAL, BOB.id()),
          Refusal.NOT_IN_PARTY, "not in a party");
    }
  }

  @Nested
  @DisplayName("changePartyRegion")
  class ChangeRegion {

    @Test
    void changePartyRegion_movesTheParty() {
      Party before = h.party(ALICE, BOB);
      h.forget();

      Party after = h.relva.changePartyRegion(ALICE.id(), h.channelOf(before), "eu")
          .orElseThrow();

      assertThat(after.region()).isEqualTo(Region.of("eu"));
      assertThat(h.current(before)).isEqualTo(after);
      assertThat(h.events).containsExactly(
          new PartyEvent.RegionChanged(after, RelvaHarness.US_E, START));
      h.assertConsistent();
    }

    @Test
    void changePartyRegion_refusedWhileQueued() {
      Party party = h.party(ALICE, BOB);
      h.queue(party);

      h.assertRefused(() -> h.relva.changePartyRegion(ALICE.id(), h.channelOf(party), "eu"),
          Refusal.PARTY_QUEUED, "out of the queue first");
    }

    @Test
    void changePartyRegion_refusedForAMember() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.changePartyRegion(BOB.id(), h.channelOf(party), "eu"),
          Refusal.NOT_LEADER, "Alice");
    }
  }

  @Nested
  @DisplayName("promote")
  class Promote {

    @Test
    void promote_makesTheTargetLeaderAndMovesTheLeaderIndex() {
      Party before = h.party(ALICE, BOB, CAROL);
      h.forget();

      Party after = h.relva.promote(ALICE.id(), h.channelOf(before), CAROL.id()).orElseThrow();

      assertThat(after.leaderId()).isEqualTo(CAROL.id());
      assertThat(after.members()).containsExactly(ALICE, BOB, CAROL);
      assertThat(h.current(before)).isEqualTo(after);
      assertThat(h.stores.leaders().get(CAROL.id())).contains(before.id());
      assertThat(h.stores.leaders().containsKey(ALICE.id())).isFalse();
      assertThat(h.events).containsExactly(
          new PartyEvent.LeaderPromoted(after, ALICE.id(), START));
      assertThat(h.channels.calls()).isEmpty();
      h.assertConsistent();
    }

    @Test
    void promote_theFormerLeaderIsNowAMember() {
      Party party = h.party(ALICE, BOB);
      ChannelId channel = h.channelOf(party);
      h.relva.promote(ALICE.id(), channel, BOB.id()).orElseThrow();

      h.assertRefused(() -> h.relva.disbandParty(ALICE.id(), channel), Refusal.NOT_LEADER,
          "Only the party's leader, Bob,");
      assertThat(h.relva.disbandParty(BOB.id(), channel).isSuccess()).isTrue();
    }

    @Test
    void promote_whileQueued_keepsThePartyQueuedAsItNowIs() {
      Party party = h.party(ALICE, BOB);
      QueueEntry entry = h.queue(party);
      h.forget();

      Party after = h.relva.promote(ALICE.id(), h.channelOf(party), BOB.id()).orElseThrow();

      assertThat(h.stores.queue().get(QueueSlot.of(QueueId.DEFAULT, party.id())))
          .contains(new QueueEntry(after, entry.joinedAt()));
      assertThat(h.events).containsExactly(
          new PartyEvent.LeaderPromoted(after, ALICE.id(), START));
      h.assertConsistent();
    }

    @Test
    void promote_refusedForAMember_namingTheLeader() {
      Party party = h.party(ALICE, BOB, CAROL);

      h.assertRefused(() -> h.relva.promote(BOB.id(), h.channelOf(party), CAROL.id()),
          Refusal.NOT_LEADER, "Only the party's leader, Alice, can promote another leader.");
    }

    @Test
    void promote_refusedForTheLeaderThemself() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.promote(ALICE.id(), h.channelOf(party), ALICE.id()),
          Refusal.CANNOT_TARGET_SELF, "already lead");
    }

    @Test
    void promote_refusedForANonMember() {
      Party party = h.party(ALICE, BOB);
      h.create(CAROL);

      h.assertRefused(() -> h.relva.promote(ALICE.id(), h.channelOf(party), CAROL.id()),
          Refusal.NOT_A_MEMBER, "not in your party");
    }

    @Test
    void promote_refusedOutsideThePartysChannel() {
      h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.promote(ALICE.id(), GENERAL, BOB.id()),
          Refusal.WRONG_CHANNEL, "only in your party's channel");
    }

    @Test
    void promote_refusedOutsideAParty() {
      h.assertRefused(() -> h.relva.promote(ALICE.id(), GENERAL, BOB.id()),
          Refusal.NOT_IN_PARTY, "not in a party");
    }
  }

  @Nested
  @DisplayName("newJoinCode")
  class NewJoinCode {

    @Test
    void newJoinCode_replacesTheCodeInThePartyAndTheIndex() {
      Party before = h.create(ALICE);
      h.forget();

      Party after = h.relva.newJoinCode(ALICE.id(), h.channelOf(before)).orElseThrow();

      assertThat(after.joinCode()).isNotEqualTo(before.joinCode());
      assertThat(after.members()).isEqualTo(before.members());
      assertThat(h.current(before)).isEqualTo(after);
      assertThat(h.stores.joinCodes().snapshot()).containsExactly(
          Map.entry(after.joinCode(), before.id()));
      assertThat(h.events).containsExactly(new PartyEvent.JoinCodeChanged(after, START));
      assertThat(h.channels.calls()).isEmpty();
      h.assertConsistent();
    }

    @Test
    void newJoinCode_theOldCodeStopsWorkingAtOnce_theNewOneWorks() {
      Party before = h.create(ALICE);
      Party after = h.relva.newJoinCode(ALICE.id(), h.channelOf(before)).orElseThrow();

      h.assertRefused(() -> h.relva.joinParty(BOB, GENERAL, before.joinCode().display()),
          Refusal.NO_SUCH_CODE, "No party has the join code");
      assertThat(h.relva.joinParty(BOB, GENERAL, after.joinCode().display()).orElseThrow()
          .members()).containsExactly(ALICE, BOB);
    }

    @Test
    void newJoinCode_whileQueued_updatesTheQueuedParty() {
      Party party = h.party(ALICE, BOB);
      QueueEntry entry = h.queue(party);

      Party after = h.relva.newJoinCode(ALICE.id(), h.channelOf(party)).orElseThrow();

      assertThat(h.stores.queue().get(QueueSlot.of(QueueId.DEFAULT, party.id())))
          .contains(new QueueEntry(after, entry.joinedAt()));
      h.assertConsistent();
    }

    @Test
    void newJoinCode_refusedForAMember_namingTheLeader() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.newJoinCode(BOB.id(), h.channelOf(party)),
          Refusal.NOT_LEADER, "Only the party's leader, Alice, can make a new join code.");
    }

    @Test
    void newJoinCode_refusedOutsideThePartysChannel() {
      h.create(ALICE);

      h.assertRefused(() -> h.relva.newJoinCode(ALICE.id(), LOBBY),
          Refusal.WRONG_CHANNEL, "only in your party's channel");
    }

    @Test
    void newJoinCode_refusedOutsideAParty() {
      h.assertRefused(() -> h.relva.newJoinCode(ALICE.id(), GENERAL),
          Refusal.NOT_IN_PARTY, "not in a party");
    }
  }

  @Nested
  @DisplayName("partyInfo")
  class PartyInfoOperation {

    @Test
    void partyInfo_anyMemberMaySeeThePartyAndItsChannel() {
      Party party = h.party(ALICE, BOB);
      ChannelId channel = h.channelOf(party);
      var before = h.snapshot();
      h.forget();

      PartyInfo asMember = h.relva.partyInfo(BOB.id(), channel).orElseThrow();
      PartyInfo asLeader = h.relva.partyInfo(ALICE.id(), channel).orElseThrow();

      assertThat(asMember).isEqualTo(new PartyInfo(party, channel, Optional.empty()));
      assertThat(asLeader).isEqualTo(asMember);
      assertThat(h.snapshot()).isEqualTo(before);
      assertThat(h.events).isEmpty();
      assertThat(h.channels.calls()).isEmpty();
    }

    @Test
    void partyInfo_showsWhenTheQueueStayBegan() {
      Party party = h.party(ALICE, BOB);
      h.clock.advance(Duration.ofMinutes(2));
      h.queue(party);
      h.clock.advance(Duration.ofMinutes(1));

      assertThat(h.relva.partyInfo(BOB.id(), h.channelOf(party)).orElseThrow().queuedSince())
          .contains(START.plus(Duration.ofMinutes(2)));
    }

    @Test
    void partyInfo_refusedOutsideThePartysChannel() {
      Party party = h.party(ALICE, BOB);

      h.assertRefused(() -> h.relva.partyInfo(BOB.id(), LOBBY), Refusal.WRONG_CHANNEL,
          party.channelName());
    }

    @Test
    void partyInfo_refusedOutsideAParty() {
      h.assertRefused(() -> h.relva.partyInfo(BOB.id(), GENERAL),
          Refusal.NOT_IN_PARTY, "not in a party");
    }
  }

  @Test
  @DisplayName("a party's channel is the one PartyChannels.open returned")
  void channelRule_usesTheChannelIdFromThePort() {
    Party party = h.create(ALICE);
    ChannelId opened = ((Open) h.channels.calls().get(0)).channel();

    assertThat(h.relva.channel(party.id())).contains(opened);
    assertThat(h.relva.partyInfo(ALICE.id(), opened).isSuccess()).isTrue();
    h.assertRefused(() -> h.relva.partyInfo(ALICE.id(), ChannelId.of(party.id().value())),
        Refusal.WRONG_CHANNEL, "only in your party's channel");
    h.assertRefused(() -> h.relva.partyInfo(ALICE.id(), ChannelId.of(party.channelName()
        .replace(" ", "-"))), Refusal.WRONG_CHANNEL, "only in your party's channel");
  }

  @Test
  @DisplayName("the party's id names its channel: Party [K8d0wl5]")
  void channelName_followsTheSpec() {
    RelvaHarness rigged = new RelvaHarness(new ScriptedRandom().thenId("8d0wl5"));
    Party party = rigged.create(ALICE);

    assertThat(party.id()).isEqualTo(EntityId.of("K8d0wl5"));
    assertThat(((Open) rigged.channels.calls().get(0)).name()).isEqualTo("Party [K8d0wl5]");
  }

  @Test
  @DisplayName("a join code drawn for a party is a valid code, shown as XXXX-XXXX")
  void joinCode_isValid() {
    Party party = h.create(ALICE);

    assertThat(JoinCode.parse(party.joinCode().display())).contains(party.joinCode());
    assertThat(party.joinCode().display()).matches("[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}");
  }
}
