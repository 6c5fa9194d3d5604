package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.relva.discord.FakeDiscord.LOBBY_ID;
import static org.relva.discord.FakeDiscord.option;

import java.util.Optional;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.core.model.ChannelId;
import org.relva.discord.FakeDiscord.Call;

/** Reading interactions into invocations, and who is a moderator. */
class InteractionsTest {
  private static final String THREAD = "333333333333333001";

  private final FakeDiscord discord = new FakeDiscord();
  private final Interactions interactions =
      new Interactions(discord.channels, Optional.of("PUG Mods"));

  @Nested
  @DisplayName("the moderator check")
  class Moderators {
    @Test
    @DisplayName("Manage Server makes a moderator, with or without a configured role")
    void manageServer() {
      Member owner = FakeDiscord.member(1, "owner", true);

      assertThat(Interactions.isModerator(owner, Optional.of("PUG Mods"))).isTrue();
      assertThat(Interactions.isModerator(owner, Optional.empty())).isTrue();
    }

    @Test
    @DisplayName("the configured role makes a moderator, its name compared ignoring case")
    void role() {
      assertThat(Interactions.isModerator(FakeDiscord.member(2, "mod", false, "PUG Mods"),
          Optional.of("PUG Mods"))).isTrue();
      assertThat(Interactions.isModerator(FakeDiscord.member(3, "mod", false, "Players",
          "pug mods"), Optional.of("PUG Mods"))).isTrue();
    }

    @Test
    @DisplayName("another role, or no role configured, is not enough")
    void notModerators() {
      Member player = FakeDiscord.member(4, "player", false, "Players");

      assertThat(Interactions.isModerator(player, Optional.of("PUG Mods"))).isFalse();
      assertThat(Interactions.isModerator(FakeDiscord.member(5, "mod", false, "PUG Mods"),
          Optional.empty())).isFalse();
      assertThat(Interactions.isModerator(FakeDiscord.member(6, "mod", false, "PUG Mods 2"),
          Optional.of("PUG Mods"))).isFalse();
    }
  }

  @Test
  @DisplayName("a slash command: member id and shown name, channel, command, options by name")
  void slash() {
    Member alice = FakeDiscord.member(1001, "Alice the Great", false);
    Member bob = FakeDiscord.member(1002, "bob", false);

    Invocation call = interactions.slash(discord.slash(new Call(), alice, THREAD, "admin", "ban",
        option("user", bob), option("duration", "2h"), option("reason", "spam")));

    assertThat(call.user()).isEqualTo(org.relva.core.model.Member.of("1001", "Alice the Great"));
    assertThat(call.channel()).isEqualTo(ChannelId.of(THREAD));
    assertThat(call.path()).isEqualTo("/admin ban");
    assertThat(call.options()).containsOnlyKeys("duration", "reason")
        .containsEntry("duration", "2h").containsEntry("reason", "spam");
    assertThat(call.users()).containsOnlyKeys("user");
    assertThat(call.userOption("user")).contains(org.relva.core.model.Member.of("1002", "bob"));
    assertThat(call.moderator()).isFalse();
  }

  @Test
  @DisplayName("a command without subcommand has an empty subcommand; the lobby is the core's lobby")
  void noSubcommandInLobby() {
    Member mod = FakeDiscord.member(7, "mod", false, "pug mods");

    Invocation call = interactions.slash(discord.slash(new Call(), mod, LOBBY_ID, "leaderboard",
        ""));

    assertThat(call.subcommand()).isEmpty();
    assertThat(call.channel()).isEqualTo(ChannelId.of("kiwipugs"));
    assertThat(call.moderator()).isTrue();
  }

  @Test
  @DisplayName("a user option for someone no longer in the server falls back to the user")
  void userNotAMember() {
    OptionMapping gone = mock(OptionMapping.class);
    User user = mock(User.class);
    when(user.getIdLong()).thenReturn(1003L);
    when(user.getEffectiveName()).thenReturn("carol");
    when(gone.getName()).thenReturn("user");
    when(gone.getType()).thenReturn(OptionType.USER);
    when(gone.getAsMember()).thenReturn(null);
    when(gone.getAsUser()).thenReturn(user);

    Invocation call = interactions.slash(discord.slash(new Call(),
        FakeDiscord.member(1001, "alice", false), LOBBY_ID, "stats", "", gone));

    assertThat(call.userOption("user")).contains(org.relva.core.model.Member.of("1003", "carol"));
  }

  @Test
  @DisplayName("a command without a member (a direct message) is refused with why")
  void noMember() {
    SlashCommandInteractionEvent event = discord.slash(new Call(),
        FakeDiscord.member(1001, "alice", false), LOBBY_ID, "queue", "join");
    when(event.getMember()).thenReturn(null);

    assertThatThrownBy(() -> interactions.slash(event))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direct messages");
  }

  @Test
  @DisplayName("a ready-check button is /match accept or decline with the match from its id")
  void buttons() {
    Member alice = FakeDiscord.member(1001, "alice", false);

    Invocation decline = interactions.button(discord.button(new Call(), alice, THREAD,
        Interactions.buttonId("decline", "Md8h2PJwh"))).orElseThrow();

    assertThat(Interactions.buttonId("decline", "Md8h2PJwh"))
        .isEqualTo("relva:decline:Md8h2PJwh");
    assertThat(decline.path()).isEqualTo("/match decline");
    assertThat(decline.option("match")).contains("Md8h2PJwh");
    assertThat(decline.channel()).isEqualTo(ChannelId.of(THREAD));
    assertThat(interactions.button(discord.button(new Call(), alice, THREAD, "relva:report:M1")))
        .isEmpty();
    assertThat(interactions.button(discord.button(new Call(), alice, THREAD, "other"))).isEmpty();
  }
}
