package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.UnknownHostException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bot's start-up checks and what it asks Discord for; nothing here connects. */
class DiscordBotTest {
  private final FakeDiscord discord = new FakeDiscord();

  @Test
  @DisplayName("the bot asks for no privileged intent (Server Members, Presences, Message Content)")
  void intents() {
    assertThat(DiscordBot.INTENTS).doesNotContain(GatewayIntent.GUILD_MEMBERS,
        GatewayIntent.GUILD_PRESENCES, GatewayIntent.MESSAGE_CONTENT);
    assertThat(DiscordBot.INTENTS).isEmpty();
  }

  @Test
  @DisplayName("OPERATOR.md's invite link asks for exactly the bot's permissions")
  void operatorDocPermissions() throws Exception {
    String doc = Files.readString(Path.of("OPERATOR.md"), StandardCharsets.UTF_8);
    long raw = Permission.getRaw(DiscordBot.PERMISSIONS);

    assertThat(raw).isEqualTo(362_924_755_968L);
    assertThat(doc).contains("permissions=" + raw);
    for (Permission permission : DiscordBot.PERMISSIONS) {
      assertThat(doc).as(permission.getName()).contains(permission.getName());
    }
  }

  @Test
  @DisplayName("the permissions the bot lacks in the lobby are named")
  void missingPermissions() {
    Member self = mock(Member.class);
    GuildChannel lobby = mock(GuildChannel.class);
    when(self.hasPermission(any(GuildChannel.class), any(Permission.class))).thenReturn(true);
    when(self.hasPermission(lobby, Permission.CREATE_PRIVATE_THREADS)).thenReturn(false);
    when(self.hasPermission(lobby, Permission.MANAGE_THREADS)).thenReturn(false);

    assertThat(GuildBot.missingPermissions(self, lobby))
        .containsExactlyInAnyOrder(Permission.MANAGE_THREADS, Permission.CREATE_PRIVATE_THREADS);
  }

  @Test
  @DisplayName("the lobby is the one text channel of its name; none or two is a start-up error")
  void lobby() {
    when(discord.guild.getTextChannelsByName("kiwipugs", true)).thenReturn(List.of(discord.lobby));
    assertThat(GuildBot.lobby(discord.guild, "kiwipugs")).isSameAs(discord.lobby);

    when(discord.guild.getTextChannelsByName("kiwipugs", true)).thenReturn(List.of());
    assertThatThrownBy(() -> GuildBot.lobby(discord.guild, "kiwipugs"))
        .isInstanceOf(DiscordBot.StartException.class)
        .hasMessageStartingWith("RELVA_LOBBY: ").hasMessageContaining("no text channel #kiwipugs");

    when(discord.guild.getTextChannelsByName("kiwipugs", true))
        .thenReturn(List.of(discord.lobby, mock(TextChannel.class)));
    assertThatThrownBy(() -> GuildBot.lobby(discord.guild, "kiwipugs"))
        .isInstanceOf(DiscordBot.StartException.class).hasMessageContaining("2 text channels");
  }

  @Test
  @DisplayName("an unreachable Discord is reported as a network problem")
  void unreachable() {
    RuntimeException failure = new RuntimeException(new UnknownHostException("no such host"));

    assertThat(DiscordBot.unreachable(failure)).startsWith("cannot reach Discord")
        .contains("network");
  }
}
