package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.testkit.discord.LocalDiscord;
import org.relva.testkit.discord.SeenMessage;

/**
 * Start-up against the local fake Discord, with the real JDA: what an operator sees when the
 * token, the server, the lobby or the bot's permissions are wrong. Each failure is a message that
 * says what to fix, and leaves nothing connected.
 */
class EndToEndStartTest {
  private static DiscordBot start(LocalDiscord discord, String token, String guild,
      String lobby) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DISCORD_TOKEN", token);
    env.put("RELVA_GUILD_ID", guild);
    env.put("RELVA_LOBBY", lobby);
    return DiscordBot.start(BotConfig.load(env, Optional.empty()), LiveBot.link(discord));
  }

  @Test
  @DisplayName("a refused token stops start-up with the Developer Portal's fix")
  void refusedToken() {
    try (LocalDiscord discord = LiveBot.server().start()) {
      assertThatThrownBy(() -> start(discord, "not-" + discord.token(), discord.guildId(),
          "kiwipugs"))
          .isInstanceOf(DiscordBot.StartException.class)
          .hasMessageContaining("Discord refused the token")
          .hasMessageContaining("Reset Token");
      assertThat(discord.identifies()).isZero();
    }
  }

  @Test
  @DisplayName("a server the bot is not in stops start-up with the invite link")
  void notInTheServer() {
    try (LocalDiscord discord = LiveBot.server().start()) {
      assertThatThrownBy(() -> start(discord, discord.token(), "123456789012345678",
          "kiwipugs"))
          .isInstanceOf(DiscordBot.StartException.class)
          .hasMessageContaining("not a member of server 123456789012345678")
          .hasMessageContaining("client_id=" + discord.botId());
      assertThat(discord.registeredCommands()).isEmpty();
    }
  }

  @Test
  @DisplayName("a missing lobby stops start-up, naming the channel")
  void noLobby() {
    try (LocalDiscord discord = LiveBot.server().lobby("general").start()) {
      assertThatThrownBy(() -> start(discord, discord.token(), discord.guildId(), "kiwipugs"))
          .isInstanceOf(DiscordBot.StartException.class)
          .hasMessageContaining("has no text channel #kiwipugs");
    }
  }

  @Test
  @DisplayName("a bot role without thread permissions stops start-up, naming what is missing")
  void missingPermissions() {
    // View Channel and Send Messages only: the @everyone permissions, nothing for threads.
    try (LocalDiscord discord = LiveBot.server().botPermissions(0).start()) {
      assertThatThrownBy(() -> start(discord, discord.token(), discord.guildId(), "kiwipugs"))
          .isInstanceOf(DiscordBot.StartException.class)
          .hasMessageContaining("lacks")
          .hasMessageContaining("Create Private Threads")
          .hasMessageContaining("Manage Threads");
      assertThat(discord.registeredCommands()).isEmpty();
    }
  }

  @Test
  @DisplayName("a good start registers the commands and says nothing Discord would refuse")
  void goodStart() {
    try (LocalDiscord discord = LiveBot.server().start()) {
      DiscordBot bot = start(discord, discord.token(), discord.guildId(), "kiwipugs");
      try {
        assertThat(discord.identifies()).isEqualTo(1);
        assertThat(discord.registeredCommands()).hasSize(9);
        assertThat(discord.problems()).isEmpty();
        discord.await("a heartbeat acknowledged", () -> discord.heartbeats() > 0,
            LiveBot.PATIENCE);
      } finally {
        bot.stop();
      }
      // Stopping says so in the lobby.
      assertThat(discord.messages(discord.lobbyId())).singleElement()
          .satisfies(m -> assertThat(m.text()).contains("going offline"));
    }
  }

  @Test
  @DisplayName("RelvaBot.startAt, the public way in for benchmarks, serves commands until closed")
  void startAt_servesUntilClosed() throws Exception {
    try (LocalDiscord discord = LiveBot.server().start()) {
      Map<String, String> settings = Map.of("DISCORD_TOKEN", discord.token(),
          "RELVA_GUILD_ID", discord.guildId(), "RELVA_REGIONS", "eu");
      AutoCloseable bot = RelvaBot.startAt(settings, discord.restUrl(), discord.gatewayUrl());
      try {
        assertThat(discord.registeredCommands()).hasSize(9);
        SeenMessage reply = discord.slash(discord.user("Alice"), discord.lobbyId(), "queue",
            "join").awaitReply(LiveBot.PATIENCE);
        assertThat(reply.text()).contains("You are in the queue");
        assertThat(discord.problems()).isEmpty();
      } finally {
        bot.close();
      }
      assertThat(discord.messages(discord.lobbyId())).singleElement()
          .satisfies(m -> assertThat(m.text()).contains("going offline"));
    }
  }
}
