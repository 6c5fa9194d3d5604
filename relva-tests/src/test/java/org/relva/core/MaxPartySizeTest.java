package org.relva.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.RelvaInvariants;

/** A community playing 3v3 caps its parties at three, so none grows too big to be matched. */
class MaxPartySizeTest {

  @Test
  @DisplayName("with maxPartySize 3 the fourth member is refused as PARTY_FULL, changing nothing")
  void joinBeyondTheCapIsRefused() {
    RelvaStores stores = RelvaStores.inMemory();
    Relva relva = Relva.builder().config(RelvaConfig.defaults().withMaxPartySize(3))
        .stores(stores).channels(new FakePartyChannels()).build();
    ChannelId lobby = relva.config().lobby();
    Party party = relva.createParty(Member.of("1", "a"), lobby, null).orElseThrow();
    relva.joinParty(Member.of("2", "b"), lobby, party.joinCode().value()).orElseThrow();
    relva.joinParty(Member.of("3", "c"), lobby, party.joinCode().value()).orElseThrow();

    Outcome<Party> fourth = relva.joinParty(Member.of("4", "d"), lobby, party.joinCode().value());

    assertThat(fourth.refused()).contains(Refusal.PARTY_FULL);
    assertThat(fourth.failure().orElseThrow().message()).contains("full (3 players)");
    assertThat(relva.party(party.id()).orElseThrow().size()).isEqualTo(3);
    assertThat(relva.partyOf(Member.of("4", "d").id())).isEmpty();
    RelvaInvariants.assertConsistent(stores);
  }

  @Test
  @DisplayName("maxPartySize must lie between 2 and 5, and says so")
  void capIsValidated() {
    assertThat(RelvaConfig.defaults().maxPartySize()).isEqualTo(Party.MAX_SIZE);
    assertThatThrownBy(() -> RelvaConfig.defaults().withMaxPartySize(1))
        .hasMessageContaining("maxPartySize must be 2 to 5, got 1");
    assertThatThrownBy(() -> RelvaConfig.defaults().withMaxPartySize(6))
        .hasMessageContaining("maxPartySize must be 2 to 5, got 6");
  }
}
