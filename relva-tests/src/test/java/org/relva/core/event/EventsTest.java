package org.relva.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.relva.core.event.EventBusTest.AT;
import static org.relva.core.event.EventBusTest.PARTY;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.relva.core.event.PartyEvent.DisbandReason;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.SoloPlayer;

/** The event records: what each carries and what it refuses to carry. */
class EventsTest {
  private final QueueEntry partyEntry = new QueueEntry(PARTY, AT);
  private final SoloPlayer carol =
      new SoloPlayer(EntityId.of("K7c01ud"), Region.of("eu"), Member.of("3", "Carol"));
  private final QueueEntry soloEntry = new QueueEntry(carol, AT.plusSeconds(5));

  @Test
  void partyJoin_carriesAParty_atItsJoinTime() {
    QueueEvent.PartyJoin join = new QueueEvent.PartyJoin(partyEntry);

    assertThat(join.party()).isEqualTo(PARTY);
    assertThat(join.at()).isEqualTo(AT);
    assertThatThrownBy(() -> new QueueEvent.PartyJoin(soloEntry))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("party");
  }

  @Test
  void soloJoin_carriesASoloPlayer_atItsJoinTime() {
    QueueEvent.SoloJoin join = new QueueEvent.SoloJoin(soloEntry);

    assertThat(join.solo()).isEqualTo(carol);
    assertThat(join.at()).isEqualTo(AT.plusSeconds(5));
    assertThatThrownBy(() -> new QueueEvent.SoloJoin(partyEntry))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("solo");
  }

  @Test
  void leaves_carryTheRightKindOfEntityAndAReason() {
    QueueEvent.PartyLeave partyLeave =
        new QueueEvent.PartyLeave(partyEntry, LeaveReason.DISBANDED, AT.plusSeconds(9));
    QueueEvent.SoloLeave soloLeave =
        new QueueEvent.SoloLeave(soloEntry, LeaveReason.LEFT, AT.plusSeconds(9));

    assertThat(partyLeave.party()).isEqualTo(PARTY);
    assertThat(soloLeave.solo()).isEqualTo(carol);
    assertThatThrownBy(() -> new QueueEvent.PartyLeave(soloEntry, LeaveReason.LEFT, AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QueueEvent.SoloLeave(partyEntry, LeaveReason.LEFT, AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QueueEvent.SoloLeave(soloEntry, EventBusTest.nullValue(), AT))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("reason");
  }

  @Test
  void queuePop_happensWhenTheMatchPopped() {
    PoppedMatch match = new PoppedMatch("M12345678", Region.of("eu"),
        List.of(List.of(partyEntry), List.of(soloEntry)), AT.plusSeconds(30));

    assertThat(new QueueEvent.QueuePop(match).at()).isEqualTo(AT.plusSeconds(30));
  }

  @Test
  void reasons_describeThemselvesForMessages() {
    assertThat(LeaveReason.LEFT.description()).isEqualTo("left the queue");
    assertThat(LeaveReason.MEMBER_LEFT.description()).isEqualTo("a member left the party");
    assertThat(LeaveReason.MEMBER_REMOVED.description())
        .isEqualTo("a member was removed from the party");
    assertThat(LeaveReason.DISBANDED.description()).isEqualTo("the party was disbanded");
    assertThat(DisbandReason.BY_LEADER.description()).isEqualTo("the leader disbanded the party");
    assertThat(DisbandReason.LAST_MEMBER_LEFT.description()).isEqualTo("the last member left");
  }

  @Test
  void partyEvents_rejectMissingFields() {
    assertThatThrownBy(() -> new PartyEvent.Created(PARTY, EventBusTest.nullValue()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("at");
    assertThatThrownBy(() -> new PartyEvent.MemberRemoved(PARTY, PARTY.leader(),
        EventBusTest.nullValue(), AT)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("by");
    assertThatThrownBy(() -> new PartyEvent.Disbanded(PARTY, EventBusTest.nullValue(), AT))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("reason");
  }
}
