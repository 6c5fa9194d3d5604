package org.relva.matchmaking.testing;

import org.relva.core.PartyChannels;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.UserId;

/** A channel port that opens a channel named after the party and ignores the rest. */
public final class FakeChannels implements PartyChannels {
  @Override
  public ChannelId open(EntityId party, String name, Member leader) {
    return ChannelId.of("party-" + party.value());
  }

  @Override
  public void grant(ChannelId channel, Member member) {}

  @Override
  public void revoke(ChannelId channel, UserId user) {}

  @Override
  public void close(ChannelId channel) {}
}
