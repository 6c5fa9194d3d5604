package org.relva.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link Party}, {@link SoloPlayer}, {@link QueueEntry} and {@link PoppedMatch}. */
class PartyTest {
  static final EntityId ID = EntityId.of("K8d0wl5");
  static final Region EU = Region.of("eu");
  static final JoinCode CODE = new JoinCode("HX7K3MQD");
  static final Instant AT = Instant.parse("2024-03-01T18:00:00Z");
  static final Member ALICE = Member.of("1", "Alice");
  static final Member BOB = Member.of("2", "Bob");
  static final Member CAROL = Member.of("3", "Carol");
  static final Member DAVE = Member.of("4", "Dave");
  static final Member ERIN = Member.of("5", "Erin");
  static final Member FRANK = Member.of("6", "Frank");

  static Party of(Member leader, Member... others) {
    Party party = Party.create(ID, EU, leader, CODE, AT);
    for (Member m : others) {
      party = party.plus(m);
    }
    return party;
  }

  @Nested
  @DisplayName("Party")
  class Parties {

    @Test
    void create_makesAPartyOfItsLeaderAlone() {
      Party party = Party.create(ID, EU, ALICE, CODE, AT);

      assertThat(party.id()).isEqualTo(ID);
      assertThat(party.region()).isEqualTo(EU);
      assertThat(party.leaderId()).isEqualTo(ALICE.id());
      assertThat(party.leader()).isEqualTo(ALICE);
      assertThat(party.joinCode()).isEqualTo(CODE);
      assertThat(party.members()).containsExactly(ALICE);
      assertThat(party.createdAt()).isEqualTo(AT);
      assertThat(party.type()).isEqualTo("party");
      assertThat(party.size()).isEqualTo(1);
      assertThat(party.canQueue()).isFalse();
      assertThat(party.isFull()).isFalse();
    }

    @Test
    void channelName_isPartyAndTheIdInBrackets() {
      assertThat(of(ALICE).channelName()).isEqualTo("Party [K8d0wl5]");
      assertThat(Party.channelName(EntityId.of("K7c01ud"))).isEqualTo("Party [K7c01ud]");
    }

    @Test
    void plus_addsLastAndKeepsTheLeader() {
      Party party = of(ALICE).plus(BOB).plus(CAROL);

      assertThat(party.members()).containsExactly(ALICE, BOB, CAROL);
      assertThat(party.leaderId()).isEqualTo(ALICE.id());
      assertThat(party.canQueue()).isTrue();
    }

    @Test
    void plus_upToFive_thenFull() {
      Party five = of(ALICE, BOB, CAROL, DAVE, ERIN);

      assertThat(five.isFull()).isTrue();
      assertThat(five.canQueue()).isTrue();
      assertThatThrownBy(() -> five.plus(FRANK))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a party has 1 to 5 members, got 6");
    }

    @Test
    void plus_refusesAMemberTwice() {
      assertThatThrownBy(() -> of(ALICE, BOB).plus(Member.of("2", "Bobby")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("2 is listed twice in party K8d0wl5");
    }

    @Test
    void minus_aMember_keepsTheLeader() {
      Party party = of(ALICE, BOB, CAROL).minus(BOB.id());

      assertThat(party.members()).containsExactly(ALICE, CAROL);
      assertThat(party.leaderId()).isEqualTo(ALICE.id());
    }

    @Test
    void minus_theLeader_passesLeadershipToTheLongestStandingMember() {
      Party party = of(ALICE, BOB, CAROL).minus(ALICE.id());

      assertThat(party.leaderId()).isEqualTo(BOB.id());
      assertThat(party.members()).containsExactly(BOB, CAROL);
    }

    @Test
    void minus_aPromotedLeader_passesLeadershipByJoinOrder() {
      Party party = of(ALICE, BOB, CAROL).ledBy(CAROL.id()).minus(CAROL.id());

      assertThat(party.leaderId()).isEqualTo(ALICE.id());
    }

    @Test
    void minus_refusesANonMemberAndTheLastMember() {
      assertThatThrownBy(() -> of(ALICE, BOB).minus(CAROL.id()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("3 is not in party K8d0wl5");
      assertThatThrownBy(() -> of(ALICE).minus(ALICE.id()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot lose its last member");
    }

    @Test
    void ledBy_changesTheLeaderOnly() {
      Party before = of(ALICE, BOB);
      Party after = before.ledBy(BOB.id());

      assertThat(after.leaderId()).isEqualTo(BOB.id());
      assertThat(after.leader()).isEqualTo(BOB);
      assertThat(after.members()).isEqualTo(before.members());
      assertThat(after.isLeader(BOB.id())).isTrue();
      assertThat(after.isLeader(ALICE.id())).isFalse();
      assertThatThrownBy(() -> before.ledBy(CAROL.id()))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withJoinCode_changesTheCodeOnly() {
      Party before = of(ALICE, BOB);
      JoinCode other = new JoinCode("22223333");

      Party after = before.withJoinCode(other);

      assertThat(after.joinCode()).isEqualTo(other);
      assertThat(after).isEqualTo(new Party(ID, EU, ALICE.id(), other, before.members(), AT));
    }

    @Test
    void memberLookups() {
      Party party = of(ALICE, BOB);

      assertThat(party.member(BOB.id())).contains(BOB);
      assertThat(party.member(CAROL.id())).isEmpty();
      assertThat(party.hasMember(ALICE.id())).isTrue();
      assertThat(party.hasMember(CAROL.id())).isFalse();
    }

    @Test
    void constructor_requiresOneToFiveMembers() {
      assertThatThrownBy(() -> new Party(ID, EU, ALICE.id(), CODE, List.of(), AT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a party has 1 to 5 members, got 0");
      assertThatThrownBy(() -> new Party(ID, EU, ALICE.id(), CODE,
          List.of(ALICE, BOB, CAROL, DAVE, ERIN, FRANK), AT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got 6");
    }

    @Test
    void constructor_requiresDistinctMembers() {
      assertThatThrownBy(() -> new Party(ID, EU, ALICE.id(), CODE,
          List.of(ALICE, BOB, Member.of("1", "Alice again")), AT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("listed twice");
    }

    @Test
    void constructor_requiresTheLeaderToBeAMember() {
      assertThatThrownBy(() -> new Party(ID, EU, CAROL.id(), CODE, List.of(ALICE, BOB), AT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the leader 3 is not a member of party K8d0wl5");
    }

    @Test
    void constructor_rejectsNulls() {
      List<Member> members = List.of(ALICE);
      assertThatThrownBy(() -> new Party(TokensTest.nullValue(), EU, ALICE.id(), CODE, members,
          AT)).isInstanceOf(NullPointerException.class).hasMessageContaining("id");
      assertThatThrownBy(() -> new Party(ID, TokensTest.nullValue(), ALICE.id(), CODE, members,
          AT)).isInstanceOf(NullPointerException.class).hasMessageContaining("region");
      assertThatThrownBy(() -> new Party(ID, EU, TokensTest.nullValue(), CODE, members, AT))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("leaderId");
      assertThatThrownBy(() -> new Party(ID, EU, ALICE.id(), TokensTest.nullValue(), members,
          AT)).isInstanceOf(NullPointerException.class).hasMessageContaining("joinCode");
      assertThatThrownBy(() -> new Party(ID, EU, ALICE.id(), CODE, members,
          TokensTest.nullValue())).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("createdAt");
    }

    @Test
    void members_areCopiedAndImmutable() {
      List<Member> source = new ArrayList<>(List.of(ALICE, BOB));
      Party party = new Party(ID, EU, ALICE.id(), CODE, source, AT);

      source.add(CAROL);

      assertThat(party.members()).containsExactly(ALICE, BOB);
      assertThatThrownBy(() -> party.members().add(CAROL))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void changes_leaveTheOriginalUntouched() {
      Party original = of(ALICE, BOB);

      original.plus(CAROL);
      original.minus(ALICE.id());
      original.ledBy(BOB.id());

      assertThat(original).isEqualTo(of(ALICE, BOB));
    }
  }

  @Nested
  @DisplayName("SoloPlayer, QueueEntry, PoppedMatch")
  class QueueValues {
    private final SoloPlayer solo = new SoloPlayer(EntityId.of("K7c01ud"), EU, CAROL);

    @Test
    void soloPlayer_isOneMemberWithoutALeader() {
      assertThat(solo.type()).isEqualTo("solo");
      assertThat(solo.size()).isEqualTo(1);
      assertThat(solo.members()).containsExactly(CAROL);
      assertThat(solo.member()).isEqualTo(CAROL);
      assertThat(solo.region()).isEqualTo(EU);
    }

    @Test
    void soloPlayer_rejectsNulls() {
      assertThatThrownBy(() -> new SoloPlayer(TokensTest.nullValue(), EU, CAROL))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> new SoloPlayer(solo.id(), TokensTest.nullValue(), CAROL))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> new SoloPlayer(solo.id(), EU, TokensTest.nullValue()))
          .isInstanceOf(NullPointerException.class);
    }

    @Test
    void queueEntry_takesItsIdAndRegionFromTheEntity() {
      QueueEntry entry = new QueueEntry(of(ALICE, BOB), AT);

      assertThat(entry.id()).isEqualTo(ID);
      assertThat(entry.region()).isEqualTo(EU);
      assertThat(new QueueEntry(solo, AT).id()).isEqualTo(solo.id());
      assertThatThrownBy(() -> new QueueEntry(solo, TokensTest.nullValue()))
          .isInstanceOf(NullPointerException.class);
    }

    @Test
    void poppedMatch_flattensItsTeamsInOrder() {
      QueueEntry party = new QueueEntry(of(ALICE, BOB), AT);
      QueueEntry carol = new QueueEntry(solo, AT);
      QueueEntry dave = new QueueEntry(new SoloPlayer(EntityId.of("K0000ff"), EU, DAVE), AT);

      PoppedMatch match = new PoppedMatch("M12345678", EU,
          List.of(List.of(party), List.of(carol, dave)), AT);

      assertThat(match.entries()).containsExactly(party, carol, dave);
      assertThatThrownBy(() -> match.teams().add(List.of()))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void poppedMatch_needsTwoNonEmptyTeams() {
      QueueEntry carol = new QueueEntry(solo, AT);

      assertThatThrownBy(() -> new PoppedMatch("M1", EU, List.of(List.of(carol)), AT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least two teams");
      assertThatThrownBy(() -> new PoppedMatch("M1", EU, List.of(List.of(carol), List.of()), AT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("never empty");
    }
  }
}
