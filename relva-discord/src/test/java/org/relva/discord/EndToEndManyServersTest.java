package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.relva.discord.LiveBot.PATIENCE;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.model.Member;
import org.relva.core.model.Regions;
import org.relva.core.model.Party;
import org.relva.core.model.UserId;
import org.relva.store.RelvaStore;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.discord.DiscordUser;
import org.relva.testkit.discord.LocalDiscord;
import org.relva.testkit.discord.LocalGuild;

/**
 * One bot process, JDA's shard manager and all, serving every server it is in
 * ({@code RELVA_GUILD_ID} unset) against the local fake Discord: each server has its own state,
 * one person may be in a party in two servers, a pop in one server is not seen in another, a
 * server the bot joins is served at once, one that is not set up says why, and a restart gives
 * each server back exactly its own state.
 */
class EndToEndManyServersTest {
  private static final List<String> FOUR = List.of("Alice", "Bob", "Carol", "Dave");

  @TempDir
  Path dir;

  @Test
  @DisplayName("two servers, one process: isolated state, a joined server, a server not set up, "
      + "and a restart that restores each")
  void manyServers_oneProcess() {
    try (LocalDiscord discord = LocalDiscord.builder().guilds(2)
        .heartbeat(java.time.Duration.ofMillis(500)).members(FOUR.toArray(String[]::new))
        .start()) {
      LocalGuild first = discord.guilds().get(0);
      LocalGuild second = discord.guilds().get(1);
      DiscordUser alice = first.user("Alice");
      second.addMember(alice); // the same person in both servers
      for (String name : List.of("Erin", "Frank", "Grace")) {
        second.addUser(name, false);
      }
      Map<String, String> env = settings(discord);

      DiscordBot bot = DiscordBot.start(BotConfig.load(env, Optional.empty()),
          LiveBot.link(discord), Journals.open(BotConfig.load(env, Optional.empty()).storage(),
              true));
      String firstParty;
      String secondParty;
      try {
        assertThat(bot.servedIds()).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(first.registeredCommands()).contains("party", "queue");
        assertThat(second.registeredCommands()).contains("party", "queue");

        // Alice makes a party in each server: two parties, each with its thread in its lobby.
        LiveBot.joinCode(first.slash(alice, first.lobbyId(), "party", "create",
            Map.of("region", "eu")));
        LiveBot.joinCode(second.slash(alice, second.lobbyId(), "party", "create",
            Map.of("region", "eu")));
        Relva one = bot.runtime(first.id()).orElseThrow().relva();
        Relva two = bot.runtime(second.id()).orElseThrow().relva();
        UserId aliceId = UserId.of(alice.id());
        firstParty = one.partyOf(aliceId).orElseThrow().id().value();
        secondParty = two.partyOf(aliceId).orElseThrow().id().value();
        assertThat(firstParty).isNotEqualTo(secondParty);
        assertThat(one.party(two.partyOf(aliceId).orElseThrow().id())).isEmpty();
        assertThat(discord.channel(one.channel(one.partyOf(aliceId).orElseThrow().id())
            .orElseThrow().value()).orElseThrow().parentId()).contains(first.lobbyId());
        assertThat(discord.channel(two.channel(two.partyOf(aliceId).orElseThrow().id())
            .orElseThrow().value()).orElseThrow().parentId()).contains(second.lobbyId());

        // Four of the first server queue (2v2): a pop there, nothing in the second.
        first.slash(alice, threadOf(discord, one, aliceId), "party", "leave", Map.of()).reply();
        for (String name : FOUR) {
          first.slash(first.user(name), first.lobbyId(), "queue", "join",
              Map.of("region", "eu")).reply();
        }
        discord.await("a ready check in the first lobby", () -> readyChecks(discord, first) > 0,
            PATIENCE);
        assertThat(one.openMatches()).hasSize(1);
        assertThat(two.openMatches()).isEmpty();
        assertThat(two.queue()).isEmpty();
        assertThat(readyChecks(discord, second)).isZero();

        // A server the bot joins is served at once; one without the lobby says why.
        LocalGuild third = discord.addGuild("Third PUGs", "kiwipugs");
        discord.await("the third server served", () -> bot.servedIds().contains(third.id()),
            PATIENCE);
        // Whoever invited the bot is told, in the server's system channel (here the lobby).
        discord.await("the third server welcomed", () -> discord.messages(third.lobbyId())
            .stream().anyMatch(m -> m.text().startsWith("Relva is here, set up with the "
                + "defaults: players queue in #kiwipugs")), PATIENCE);
        LocalGuild bare = discord.addGuild("No Lobby", "general");
        discord.await("the bare server tried", () -> bot.operatorAlerts().stream()
            .anyMatch(a -> a.contains(bare.id())), PATIENCE);
        assertThat(bot.servedIds()).doesNotContain(bare.id());
        discord.await("the bare server told what is missing", () -> discord.messages(
            bare.lobbyId()).stream().anyMatch(m -> m.text().contains("Before it can start")
                && m.text().contains("no text channel #kiwipugs")), PATIENCE);
        DiscordUser zed = bare.addUser("Zed", false);
        String answer = bare.slash(zed, bare.lobbyId(), "help", "", Map.of()).reply();
        assertThat(answer).contains("not set up", "#kiwipugs");

        // The second server's admin sets it up: only there, checked against its channels, kept,
        // and applied at once with everything it held.
        DiscordUser admin = second.addUser("Admin", true);
        assertThat(second.slash(admin, second.lobbyId(), "setup", "queue-add",
            Map.of("name", "2v2", "lobby", "duos")).reply())
            .contains("Nothing changed", "queue 2v2's", "no text channel #duos");
        assertThat(second.slash(admin, second.lobbyId(), "setup", "set",
            Map.of("setting", "ready-timeout", "value", "45s")).reply())
            .contains("Saved, and applied now");
        discord.await("the second server served anew", () -> bot.runtime(second.id())
            .map(r -> r.setup().values().containsKey("RELVA_READY_TIMEOUT")).orElse(false),
            PATIENCE);
        assertThat(bot.runtime(second.id()).orElseThrow().relva().config().matches()
            .readyTimeout()).hasSeconds(45);
        assertThat(bot.runtime(first.id()).orElseThrow().relva().config().matches()
            .readyTimeout()).hasSeconds(30);
        assertThat(bot.runtime(second.id()).orElseThrow().relva().partyOf(aliceId)
            .orElseThrow().id().value()).isEqualTo(secondParty);
        assertThat(second.slash(second.user("Erin"), second.lobbyId(), "setup", "show", Map.of())
            .reply()).contains("Only members with Manage Server");

        for (String id : bot.servedIds()) {
          RelvaInvariants.assertConsistent(bot.runtime(id).orElseThrow().stores());
        }
        assertThat(discord.problems()).isEmpty();
      } finally {
        bot.stop();
      }

      // The restart: each server gets back its own parties, queue and match.
      DiscordBot again = DiscordBot.start(BotConfig.load(env, Optional.empty()),
          LiveBot.link(discord), Journals.open(BotConfig.load(env, Optional.empty()).storage(),
              true));
      try {
        Relva one = again.runtime(first.id()).orElseThrow().relva();
        Relva two = again.runtime(second.id()).orElseThrow().relva();
        assertThat(one.parties()).isEmpty(); // Alice left hers in the first server
        assertThat(two.parties()).extracting(p -> p.id().value()).containsExactly(secondParty);
        assertThat(one.openMatches()).hasSize(1);
        assertThat(two.openMatches()).isEmpty();
        assertThat(Stream.of(one, two).mapToInt(r -> r.queue().size()).sum()).isZero();
        assertThat(two.config().matches().readyTimeout()).hasSeconds(45); // the setup is kept
      } finally {
        again.stop();
      }
    }
  }

  @Test
  @DisplayName("a database from before many servers: refused without RELVA_GUILD_ID, moved into "
      + "that server's place with it, served from then on without it; --forget-server deletes it")
  void oldDatabase_adoptedByItsServer_thenForgotten() throws Exception {
    try (LocalDiscord discord = LocalDiscord.builder().guilds(2)
        .heartbeat(java.time.Duration.ofMillis(500)).members(FOUR.toArray(String[]::new))
        .start()) {
      LocalGuild first = discord.guilds().get(0);
      Path db = dir.resolve("relva.db");
      // An earlier Relva, serving one server, kept Alice's place in the queue outside any scope.
      try (RelvaStore old = RelvaStore.sqlite(db, RelvaStore.Durability.PROCESS_CRASH)) {
        Relva relva = Relva.builder().journal(old)
            .config(RelvaConfig.defaults().withRegions(Regions.of("eu", "us-e")))
            .channels(new FakePartyChannels()).build();
        assertThat(relva.joinQueue(Member.of(first.user("Alice").id(), "Alice"),
            relva.config().lobby(), "eu").isSuccess()).isTrue();
      }
      Map<String, String> env = settings(discord);

      assertThatThrownBy(() -> start(discord, env))
          .isInstanceOf(DiscordBot.StartException.class)
          .hasMessageContaining("RELVA_GUILD_ID").hasMessageContaining("Start once");

      env.put("RELVA_GUILD_ID", first.id());
      DiscordBot adopting = start(discord, env);
      try {
        assertThat(adopting.runtime().relva().queue()).extracting(e -> e.entity().members()
            .get(0).id().value()).containsExactly(first.user("Alice").id());
      } finally {
        adopting.stop();
      }
      env.remove("RELVA_GUILD_ID");
      DiscordBot all = start(discord, env);
      try {
        assertThat(all.servedIds()).hasSize(2);
        assertThat(all.runtime(first.id()).orElseThrow().relva().queue()).hasSize(1);
      } finally {
        all.stop();
      }

      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int status = RelvaBot.run(new String[] {"--forget-server", first.id()}, env,
          new java.io.BufferedReader(new java.io.StringReader("")),
          new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
          new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true,
              java.nio.charset.StandardCharsets.UTF_8));
      assertThat(status).isZero();
      assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
          .startsWith("Forgot server " + first.id());
      DiscordBot after = start(discord, env);
      try {
        assertThat(after.runtime(first.id()).orElseThrow().relva().queue()).isEmpty();
      } finally {
        after.stop();
      }
    }
  }

  private static DiscordBot start(LocalDiscord discord, Map<String, String> env) {
    BotConfig config = BotConfig.load(env, Optional.empty());
    return DiscordBot.start(config, LiveBot.link(discord), Journals.open(config.storage(), true));
  }

  private Map<String, String> settings(LocalDiscord discord) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DISCORD_TOKEN", discord.token());
    env.put("RELVA_REGIONS", "eu,us-e");
    env.put("RELVA_FORMAT", "2v2");
    env.put("RELVA_DATA", dir.resolve("relva.db").toString());
    return env;
  }

  private static String threadOf(LocalDiscord discord, Relva relva, UserId user) {
    Party party = relva.partyOf(user).orElseThrow();
    return relva.channel(party.id()).orElseThrow().value();
  }

  private static long readyChecks(LocalDiscord discord, LocalGuild guild) {
    return discord.messages(guild.lobbyId()).stream()
        .filter(m -> m.buttons().stream().anyMatch(b -> b.startsWith("relva:accept:"))).count();
  }
}
