package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.relva.core.event.QueueEvent.LeaveReason;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.Region;

/** {@link Outcome} and {@link Departure}, the values operations return. */
class OutcomeTest {

  @Test
  void success_carriesItsValue() {
    Outcome<String> outcome = Outcome.success("done");

    assertThat(outcome.isSuccess()).isTrue();
    assertThat(outcome.orElseThrow()).isEqualTo("done");
    assertThat(outcome.value()).contains("done");
    assertThat(outcome.failure()).isEmpty();
    assertThat(outcome.refused()).isEmpty();
    assertThat(outcome).isEqualTo(new Outcome.Success<>("done"));
  }

  @Test
  void failure_carriesItsRefusalAndMessage() {
    Outcome<String> outcome = Outcome.failure(Refusal.NOT_LEADER, "Ask Alice.");

    assertThat(outcome.isSuccess()).isFalse();
    assertThat(outcome.value()).isEmpty();
    assertThat(outcome.refused()).contains(Refusal.NOT_LEADER);
    assertThat(outcome.failure()).contains(new Outcome.Failure<>(Refusal.NOT_LEADER, "Ask Alice."));
    assertThat(outcome.failure().orElseThrow().message()).isEqualTo("Ask Alice.");
  }

  @Test
  void failure_orElseThrow_throwsWithTheRefusalAndMessage() {
    Outcome<String> outcome = Outcome.failure(Refusal.PARTY_FULL, "Party K8d0wl5 is full.");

    assertThatThrownBy(outcome::orElseThrow)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("PARTY_FULL: Party K8d0wl5 is full.");
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> Outcome.success(nullValue())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Outcome.failure(nullValue(), "why"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Outcome.failure(Refusal.INVALID, nullValue()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void departure_leaderChanged_onlyWhenTheLeaderLeftAParty() {
    Member alice = Member.of("1", "Alice");
    Member bob = Member.of("2", "Bob");
    Party two = Party.create(EntityId.of("K8d0wl5"), Region.of("eu"), alice,
        JoinCode.parse("HX7K-3MQD").orElseThrow(), Instant.EPOCH).plus(bob);

    assertThat(new Departure(alice, two, Optional.of(two.minus(alice.id())), Optional.empty())
        .leaderChanged()).isTrue();
    assertThat(new Departure(bob, two, Optional.of(two.minus(bob.id())),
        Optional.of(LeaveReason.MEMBER_LEFT)).leaderChanged()).isFalse();
    assertThat(new Departure(alice, two, Optional.empty(), Optional.empty()).leaderChanged())
        .isFalse();
  }

  private static <T> T nullValue() {
    return null;
  }
}
