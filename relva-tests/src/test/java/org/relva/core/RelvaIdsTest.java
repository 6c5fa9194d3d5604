package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.core.RelvaHarness.ALICE;
import static org.relva.core.RelvaHarness.BOB;
import static org.relva.core.RelvaHarness.CAROL;
import static org.relva.core.RelvaHarness.DAVE;
import static org.relva.core.RelvaHarness.LOBBY;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;

/** Party ids, solo ticket ids, join codes and match ids: their format and their uniqueness. */
class RelvaIdsTest {

  @Test
  @DisplayName("with the default generator, party and solo ids are K and 6 letters or digits")
  void ids_matchTheSpecFormat() {
    RecordingPartyChannels channels = new RecordingPartyChannels();
    Relva relva = Relva.builder().channels(channels).build();
    Set<EntityId> ids = new HashSet<>();

    for (int i = 0; i < 100; i++) {
      Party party = relva.createParty(Member.of("p" + i, "Player " + i),
          RelvaHarness.GENERAL, null).orElseThrow();
      QueueEntry solo = relva.joinQueue(Member.of("s" + i, "Solo " + i), LOBBY, null)
          .orElseThrow();
      ids.add(party.id());
      ids.add(solo.id());
      assertThat(JoinCode.parse(party.joinCode().value())).contains(party.joinCode());
    }

    assertThat(ids).hasSize(200)
        .allSatisfy(id -> assertThat(id.value()).matches("K[A-Za-z0-9]{6}"));
  }

  @Test
  void ids_useTheWholeAlphabet() {
    RelvaHarness h = new RelvaHarness(new SplittableRandom(7L));
    Set<Character> seen = new HashSet<>();

    for (int i = 0; i < 200; i++) {
      EntityId id = h.solo(Member.of("s" + i, "Solo " + i)).id();
      for (char c : id.value().substring(1).toCharArray()) {
        seen.add(c);
      }
    }

    assertThat(seen).hasSize(ScriptedRandom.ID_ALPHABET.length());
  }

  @Test
  void partyId_collisionWithALiveParty_isDrawnAgain() {
    RelvaHarness h = new RelvaHarness(new ScriptedRandom()
        .thenId("AAAAAA").thenCode("22222222")
        .thenId("AAAAAA").thenId("BBBBBB").thenCode("33333333"));

    Party first = h.create(ALICE);
    Party second = h.create(BOB);

    assertThat(first.id()).isEqualTo(EntityId.of("KAAAAAA"));
    assertThat(second.id()).isEqualTo(EntityId.of("KBBBBBB"));
    assertThat(h.relva.party(first.id())).contains(first);
    h.assertConsistent();
  }

  @Test
  void joinCode_collisionWithALiveCode_isDrawnAgain() {
    RelvaHarness h = new RelvaHarness(new ScriptedRandom()
        .thenId("AAAAAA").thenCode("22222222")
        .thenId("BBBBBB").thenCode("22222222").thenCode("33333333"));

    Party first = h.create(ALICE);
    Party second = h.create(BOB);

    assertThat(first.joinCode().value()).isEqualTo("22222222");
    assertThat(second.joinCode().value()).isEqualTo("33333333");
    h.assertConsistent();
  }

  @Test
  void newJoinCode_neverDrawsTheCurrentCodeAgain() {
    RelvaHarness h = new RelvaHarness(new ScriptedRandom()
        .thenId("AAAAAA").thenCode("22222222")
        .thenCode("22222222").thenCode("44444444"));
    Party party = h.create(ALICE);

    Party after = h.relva.newJoinCode(ALICE.id(), h.channelOf(party)).orElseThrow();

    assertThat(after.joinCode().value()).isEqualTo("44444444");
  }

  @Test
  void soloId_neverTakesALivePartysId() {
    RelvaHarness h = new RelvaHarness(new ScriptedRandom()
        .thenId("AAAAAA").thenCode("22222222")
        .thenId("AAAAAA").thenId("CCCCCC"));
    Party party = h.create(ALICE);

    QueueEntry solo = h.solo(BOB);

    assertThat(party.id().value()).isEqualTo("KAAAAAA");
    assertThat(solo.id().value()).isEqualTo("KCCCCCC");
    h.assertConsistent();
  }

  @Test
  void soloId_neverTakesAnotherQueuedSolosId() {
    RelvaHarness h = new RelvaHarness(new ScriptedRandom()
        .thenId("AAAAAA").thenId("AAAAAA").thenId("DDDDDD"));

    QueueEntry alice = h.solo(ALICE);
    QueueEntry bob = h.solo(BOB);

    assertThat(alice.id().value()).isEqualTo("KAAAAAA");
    assertThat(bob.id().value()).isEqualTo("KDDDDDD");
    h.assertConsistent();
  }

  @Test
  void partyId_neverTakesAQueuedSolosId() {
    RelvaHarness h = new RelvaHarness(new ScriptedRandom()
        .thenId("AAAAAA")
        .thenId("AAAAAA").thenId("EEEEEE").thenCode("22222222"));
    QueueEntry solo = h.solo(ALICE);

    Party party = h.create(BOB);

    assertThat(solo.id().value()).isEqualTo("KAAAAAA");
    assertThat(party.id().value()).isEqualTo("KEEEEEE");
  }

  @Test
  @DisplayName("an id and code held by a creation in progress are not handed to another party")
  void reservedIdAndCode_areNotReusedWhileAChannelOpens() {
    RelvaHarness h = new RelvaHarness(new ScriptedRandom()
        .thenId("AAAAAA").thenCode("22222222")
        .thenId("AAAAAA").thenId("BBBBBB").thenCode("22222222").thenCode("33333333"));
    List<Party> duringOpen = new ArrayList<>();
    h.channels.duringNextOpen(() -> duringOpen.add(h.create(BOB)));

    Party alices = h.create(ALICE);

    assertThat(alices.id().value()).isEqualTo("KAAAAAA");
    assertThat(alices.joinCode().value()).isEqualTo("22222222");
    assertThat(duringOpen).singleElement().satisfies(bobs -> {
      assertThat(bobs.id().value()).isEqualTo("KBBBBBB");
      assertThat(bobs.joinCode().value()).isEqualTo("33333333");
    });
    h.assertConsistent();
  }

  @Test
  void anIdIsFreeAgainOnceItsPartyIsDisbanded() {
    RelvaHarness h = new RelvaHarness(new ScriptedRandom()
        .thenId("AAAAAA").thenCode("22222222")
        .thenId("AAAAAA").thenCode("22222222"));
    Party first = h.create(ALICE);
    h.relva.disbandParty(ALICE.id(), h.channelOf(first)).orElseThrow();

    Party second = h.create(BOB);

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.joinCode()).isEqualTo(first.joinCode());
    assertThat(second.members()).containsExactly(BOB);
    h.assertConsistent();
  }

  @Test
  void matchIds_areMAndEightLettersOrDigits_andDiffer() {
    // Without a ready check or the in-match queue block, the same two can pop again and again.
    RelvaHarness h = new RelvaHarness(RelvaConfig.defaults().withMatchRules(MatchRules.defaults()
        .withReadyCheck(false).withBlockQueueWhileInMatch(false)), new SplittableRandom(3L));
    Set<String> matchIds = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      QueueEntry a = h.solo(ALICE);
      QueueEntry b = h.solo(BOB);
      matchIds.add(h.relva.pop(Region.of("us-e"), List.of(List.of(a), List.of(b))).orElseThrow()
          .matchId());
    }

    assertThat(matchIds).hasSize(20).allSatisfy(id -> assertThat(id).matches("M[A-Za-z0-9]{8}"));
  }

  @Test
  void aSeededGenerator_makesIdsRepeatable() {
    RelvaHarness one = new RelvaHarness(new SplittableRandom(99L));
    RelvaHarness two = new RelvaHarness(new SplittableRandom(99L));

    assertThat(one.create(ALICE)).isEqualTo(two.create(ALICE));
    assertThat(one.solo(CAROL)).isEqualTo(two.solo(CAROL));
    assertThat(one.create(DAVE).id()).isEqualTo(two.create(DAVE).id());
  }
}
