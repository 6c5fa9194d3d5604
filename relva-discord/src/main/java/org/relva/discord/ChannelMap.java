package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.relva.core.model.ChannelId;

/**
 * Translates between Discord's channel ids and the core's. The core knows each queue's lobby by
 * its configured name ({@code kiwipugs}), which its messages show ("Solo queueing works only in
 * #kiwipugs"); on Discord a lobby is a text channel with a snowflake id, found by that name when
 * the server starts being served. Every other channel (a party's thread) is its snowflake on
 * both sides: the core stores the id the channel port gave it, and a party is never found by a
 * channel's name. Immutable.
 *
 * @param lobbyId the default queue's lobby text channel's Discord id
 * @param lobby the core's id for that lobby
 * @param others the other queues' lobbies: Discord id to the core's id
 */
record ChannelMap(String lobbyId, ChannelId lobby, Map<String, ChannelId> others) {

  ChannelMap {
    requireNonNull(lobbyId, "lobbyId");
    requireNonNull(lobby, "lobby");
    others = Map.copyOf(others);
  }

  /** One lobby. */
  ChannelMap(String lobbyId, ChannelId lobby) {
    this(lobbyId, lobby, Map.of());
  }

  /** The core's id for the Discord channel (or thread) {@code discordId}. */
  ChannelId toCore(String discordId) {
    return discordId.equals(lobbyId) ? lobby : others.getOrDefault(discordId,
        ChannelId.of(discordId));
  }

  /** The Discord id of the core's {@code channel}, if it can be one (a snowflake). */
  Optional<String> toDiscord(ChannelId channel) {
    if (channel.equals(lobby)) {
      return Optional.of(lobbyId);
    }
    for (Map.Entry<String, ChannelId> other : others.entrySet()) {
      if (other.getValue().equals(channel)) {
        return Optional.of(other.getKey());
      }
    }
    return channel.value().matches("[0-9]{1,20}") ? Optional.of(channel.value())
        : Optional.empty();
  }
}
