package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.relva.discord.LiveBot.PATIENCE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.QueueEntry;
import org.relva.testkit.discord.LocalDiscord;
import org.relva.testkit.discord.SeenChannel;
import org.relva.testkit.discord.SeenMessage;

/**
 * Team voice channels end to end ({@code RELVA_VOICE}, {@code RELVA_AUTOMOVE}): the real bot, JDA
 * and all, against the local fake Discord, which gains and loses voice channels and sees members
 * moved as Discord would.
 */
class EndToEndVoiceTest {
  /** Discord's permission bits the tests grant or read ({@code topics/permissions}). */
  private static final long MANAGE_CHANNELS = 1L << 4;
  private static final long VIEW_CHANNEL = 1L << 10;
  private static final long CONNECT = 1L << 20;
  private static final long MOVE_MEMBERS = 1L << 24;
  /** What the invite link asks for, and what voice channels need besides. */
  private static final long INVITE = 362_924_755_968L;
  private static final long WITH_VOICE = INVITE | MANAGE_CHANNELS | CONNECT | MOVE_MEMBERS;
  private static final List<String> FOUR = List.of("Alice", "Bob", "Carol", "Dave");

  /** A server with a category for matches and a waiting room. */
  private record Server(LocalDiscord discord, String category, String room) {}

  private static Server server(long botPermissions) {
    LocalDiscord discord = LiveBot.server().botPermissions(botPermissions).start();
    return new Server(discord, discord.addCategory("Matches"),
        discord.addVoiceChannel("Waiting room", null));
  }

  private static Map<String, String> settings(Server server, boolean automove) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RELVA_FORMAT", "2v2");
    env.put("RELVA_ALGORITHM", "fifo");
    env.put("RELVA_VOICE", "true");
    env.put("RELVA_VOICE_CATEGORY", server.category());
    if (automove) {
      env.put("RELVA_AUTOMOVE", "true");
      env.put("RELVA_WAITING_ROOM", server.room());
    }
    return env;
  }

  /** Four solos queue and accept: the match is confirmed. */
  private static MatchRecord confirmMatch(LiveBot live) {
    FOUR.forEach(live::queueSolo);
    SeenMessage check = live.awaitReadyCheck(1);
    String accept = check.buttons().stream().filter(b -> b.startsWith("relva:accept:"))
        .findFirst().orElseThrow();
    for (String player : FOUR) {
      live.discord.click(live.user(player), check, accept).reply();
    }
    MatchRecord match = live.relva().match(accept.substring("relva:accept:".length()))
        .orElseThrow();
    live.discord.await("the match confirmed", () -> live.relva().match(match.id()).orElseThrow()
        .state() == MatchRecord.State.CONFIRMED, PATIENCE);
    return live.relva().match(match.id()).orElseThrow();
  }

  private static List<SeenChannel> teamChannels(Server server) {
    return server.discord().voiceChannels().stream()
        .filter(c -> c.parentId().equals(java.util.Optional.of(server.category()))).toList();
  }

  private static Set<String> ids(List<QueueEntry> team) {
    return team.stream().flatMap(e -> e.entity().members().stream()).map(m -> m.id().value())
        .collect(Collectors.toSet());
  }

  @Test
  @DisplayName("a confirmed match gets one voice channel per team, only its players may join, "
      + "waiting players are moved in, and the channels go when the match finishes")
  void createdMovedAndDeletedOnFinish() {
    Server server = server(WITH_VOICE);
    try (LiveBot live = LiveBot.startOn(server.discord(), settings(server, true))) {
      LocalDiscord discord = server.discord();
      discord.joinVoice(live.user("Alice"), server.room());
      discord.joinVoice(live.user("Dave"), server.room());
      discord.joinVoice(live.user("Mallory"), server.room());

      MatchRecord match = confirmMatch(live);

      discord.await("two team channels", () -> teamChannels(server).size() == 2, PATIENCE);
      for (int t = 0; t < 2; t++) {
        String name = match.id() + " · Team " + (t + 1);
        SeenChannel channel = teamChannels(server).stream().filter(c -> c.name().equals(name))
            .findFirst().orElseThrow(() -> new AssertionError("no channel " + name));
        Map<String, SeenChannel.Overwrite> overwrites = channel.overwrites().stream()
            .collect(Collectors.toMap(SeenChannel.Overwrite::id, o -> o));
        assertThat(overwrites.get(discord.guildId()).deny()).as("@everyone")
            .isEqualTo(VIEW_CHANNEL | CONNECT);
        for (String player : ids(match.teams().get(t))) {
          assertThat(overwrites.get(player).allow()).as("player %s", player)
              .isEqualTo(VIEW_CHANNEL | CONNECT);
          assertThat(overwrites.get(player).type()).isEqualTo(1);
        }
        assertThat(ids(match.teams().get(1 - t))).allSatisfy(other ->
            assertThat(overwrites).doesNotContainKey(other));
        assertThat(overwrites.get(discord.botId()).allow() & (VIEW_CHANNEL | CONNECT))
            .isEqualTo(VIEW_CHANNEL | CONNECT);
        assertThat(overwrites.values()).as("the moderator role")
            .anyMatch(o -> o.type() == 0 && o.allow() == (VIEW_CHANNEL | CONNECT));
      }
      // Alice and Dave waited in the waiting room: each is moved into their team's channel;
      // Mallory, who is not playing, stays.
      for (String player : List.of("Alice", "Dave")) {
        String id = live.user(player).id();
        int team = ids(match.teams().get(0)).contains(id) ? 1 : 2;
        String channel = teamChannels(server).stream()
            .filter(c -> c.name().endsWith("Team " + team)).findFirst().orElseThrow().id();
        discord.await(player + " moved into team " + team, () -> discord
            .voiceChannelOf(live.user(player)).equals(java.util.Optional.of(channel)), PATIENCE);
      }
      assertThat(discord.voiceChannelOf(live.user("Mallory"))).contains(server.room());
      assertThat(discord.voiceMoves()).hasSize(2);
      discord.await("the lobby told where to talk", () -> discord.messages(discord.lobbyId())
          .stream().anyMatch(m -> m.content().startsWith("Voice for match " + match.id())),
          PATIENCE);

      for (String player : FOUR) {
        live.lobby(player, "match", "report", "result", "team1").reply();
      }
      discord.await("the channels deleted", () -> teamChannels(server).isEmpty(), PATIENCE);
      assertThat(discord.deletedChannels()).filteredOn(c -> c.type() == SeenChannel.VOICE)
          .hasSize(2);
      assertThat(discord.voiceChannelOf(live.user("Alice"))).as("disconnected by Discord")
          .isEmpty();
      assertThat(discord.voiceChannels()).extracting(SeenChannel::id)
          .containsExactly(server.room());
      assertThat(live.bot.operatorAlerts()).isEmpty();
      assertThat(discord.problems()).isEmpty();
    }
  }

  @Test
  @DisplayName("a cancelled match's voice channels are deleted")
  void deletedOnCancel() {
    Server server = server(WITH_VOICE);
    try (LiveBot live = LiveBot.startOn(server.discord(), settings(server, false))) {
      MatchRecord match = confirmMatch(live);
      server.discord().await("two team channels", () -> teamChannels(server).size() == 2,
          PATIENCE);

      live.lobby("Oscar", "admin", "cancel", "match", match.id()).reply();

      server.discord().await("the channels deleted", () -> teamChannels(server).isEmpty(),
          PATIENCE);
      assertThat(live.relva().openMatches()).isEmpty();
      assertThat(server.discord().voiceMoves()).isEmpty();
      assertThat(server.discord().problems()).isEmpty();
    }
  }

  @Test
  @DisplayName("after a restart, the channels of matches no longer open are deleted, others kept")
  void leftoversCleanedUpAtStart() {
    Server server = server(WITH_VOICE);
    String leftover1 = server.discord().addVoiceChannel("M1a2b3c4d · Team 1", server.category());
    String leftover2 = server.discord().addVoiceChannel("M1a2b3c4d · Team 2", server.category());
    String lounge = server.discord().addVoiceChannel("Lounge", server.category());
    try (LiveBot live = LiveBot.startOn(server.discord(), settings(server, false))) {
      server.discord().await("the leftovers deleted", () -> server.discord().channel(leftover1)
          .isEmpty() && server.discord().channel(leftover2).isEmpty(), PATIENCE);
      assertThat(server.discord().channel(lounge)).as("not a match's").isPresent();
      assertThat(live.bot.operatorAlerts()).isEmpty();
    }
  }

  @Test
  @DisplayName("a full category: the operator is told which limit, players are told, the match "
      + "goes on")
  void categoryFull() {
    Server server = server(WITH_VOICE);
    for (int i = 1; i <= LocalDiscord.MAX_CHANNELS_PER_CATEGORY; i++) {
      server.discord().addVoiceChannel("Room " + i, server.category());
    }
    try (LiveBot live = LiveBot.startOn(server.discord(), settings(server, false))) {
      MatchRecord match = confirmMatch(live);

      server.discord().await("the operator told", () -> !live.bot.operatorAlerts().isEmpty(),
          PATIENCE);
      assertThat(live.bot.operatorAlerts()).singleElement().asString()
          .startsWith("RELVA_VOICE_CATEGORY: category Matches holds Discord's maximum of 50");
      server.discord().await("the players told", () -> server.discord()
          .messages(server.discord().lobbyId()).stream().anyMatch(m -> m.content()
              .startsWith("Match " + match.id() + " has no team voice channels")), PATIENCE);
      for (String player : FOUR) {
        live.lobby(player, "match", "report", "result", "team2").reply();
      }
      server.discord().await("the match finished", () -> live.relva().openMatches().isEmpty(),
          PATIENCE);
      assertThat(teamChannels(server)).hasSize(LocalDiscord.MAX_CHANNELS_PER_CATEGORY);
    }
  }

  @Test
  @DisplayName("Manage Channels taken from the bot: the operator is told, the match goes on")
  void manageChannelsTaken() {
    Server server = server(WITH_VOICE);
    try (LiveBot live = LiveBot.startOn(server.discord(), settings(server, false))) {
      server.discord().setBotPermissions(INVITE | CONNECT);
      MatchRecord match = confirmMatch(live);

      server.discord().await("the operator told", () -> !live.bot.operatorAlerts().isEmpty(),
          PATIENCE);
      assertThat(live.bot.operatorAlerts()).singleElement().asString()
          .startsWith("RELVA_VOICE_CATEGORY: the bot lacks Manage Channels")
          .contains("category Matches");
      assertThat(teamChannels(server)).isEmpty();
      assertThat(live.relva().match(match.id()).orElseThrow().state())
          .isEqualTo(MatchRecord.State.CONFIRMED);
    }
  }

  @Test
  @DisplayName("a bad category or missing Move Members stops the start with the setting named")
  void startRefused() {
    Server notCategory = server(WITH_VOICE);
    try (LocalDiscord discord = notCategory.discord()) {
      Map<String, String> env = settings(notCategory, false);
      env.put("RELVA_VOICE_CATEGORY", notCategory.room());
      assertThatThrownBy(() -> LiveBot.startOn(discord, env))
          .isInstanceOf(DiscordBot.StartException.class)
          .hasMessageStartingWith("RELVA_VOICE_CATEGORY: " + notCategory.room()
              + " is a channel, not a category");
    }
    Server noMove = server(INVITE | MANAGE_CHANNELS | CONNECT);
    try (LocalDiscord discord = noMove.discord()) {
      assertThatThrownBy(() -> LiveBot.startOn(discord, settings(noMove, true)))
          .isInstanceOf(DiscordBot.StartException.class)
          .hasMessageStartingWith("RELVA_VOICE_CATEGORY: the bot lacks Move Members");
    }
  }

  @TempDir java.nio.file.Path dir;

  @Test
  @DisplayName("restarted while a match is open: its channels are kept, and deleted when it ends")
  void openMatchSurvivesRestart() {
    Server server = server(WITH_VOICE);
    try (LocalDiscord discord = server.discord()) {
      Map<String, String> env = settings(server, false);
      env.put("DISCORD_TOKEN", discord.token());
      env.put("RELVA_GUILD_ID", discord.guildId());
      env.put("RELVA_REGIONS", "eu,us-e");
      env.put("RELVA_DATA", dir.resolve("relva.db").toString());
      BotConfig config = BotConfig.load(env, java.util.Optional.empty());
      String old = discord.addVoiceChannel("M0ld0ld00 · Team 1", server.category());

      DiscordBot first = DiscordBot.start(config, LiveBot.link(discord),
          Journals.open(config.storage(), true));
      String match;
      try {
        discord.await("the leftover deleted", () -> discord.channel(old).isEmpty(), PATIENCE);
        for (String player : FOUR) {
          discord.slash(discord.user(player), discord.lobbyId(), "queue", "join",
              Map.of("region", "eu")).reply();
        }
        discord.await("a ready check", () -> !readyChecks(discord).isEmpty(), PATIENCE);
        SeenMessage check = readyChecks(discord).get(0);
        String accept = check.buttons().stream().filter(b -> b.startsWith("relva:accept:"))
            .findFirst().orElseThrow();
        match = accept.substring("relva:accept:".length());
        for (String player : FOUR) {
          discord.click(discord.user(player), check, accept).reply();
        }
        discord.await("two team channels", () -> teamChannels(server).size() == 2, PATIENCE);
      } finally {
        first.stop();
      }
      List<String> channels = teamChannels(server).stream().map(SeenChannel::id).toList();

      DiscordBot second = DiscordBot.start(config, LiveBot.link(discord),
          Journals.open(config.storage(), true));
      try {
        discord.await("the lobby told the bot is back", () -> discord.messages(discord.lobbyId())
            .stream().anyMatch(m -> m.content().startsWith("Relva is back")), PATIENCE);
        // The clean-up has run once the worker is idle; the open match keeps its channels.
        assertThat(second.runtime().relva().match(match).orElseThrow().state())
            .isEqualTo(MatchRecord.State.CONFIRMED);
        for (String player : FOUR) {
          discord.slash(discord.user(player), discord.lobbyId(), "match", "report",
              Map.of("result", "team1")).reply();
        }
        discord.await("the channels deleted", () -> teamChannels(server).isEmpty(), PATIENCE);
        assertThat(discord.deletedChannels()).extracting(SeenChannel::id)
            .containsAll(channels).contains(old);
        assertThat(second.operatorAlerts()).isEmpty();
        assertThat(discord.problems()).isEmpty();
      } finally {
        second.stop();
      }
    }
  }

  private static List<SeenMessage> readyChecks(LocalDiscord discord) {
    return discord.messages(discord.lobbyId()).stream()
        .filter(m -> m.buttons().stream().anyMatch(b -> b.startsWith("relva:accept:"))).toList();
  }
}
