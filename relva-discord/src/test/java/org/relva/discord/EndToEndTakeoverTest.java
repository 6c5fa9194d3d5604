package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.discord.LiveBot.PATIENCE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.Relva;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.UserId;
import org.relva.store.RelvaStore;
import org.relva.store.TestPostgres;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.discord.DiscordUser;
import org.relva.testkit.discord.LocalDiscord;
import org.relva.testkit.discord.LocalGuild;

/**
 * Two bot processes (two bot instances here, each with its own shard manager, leases and
 * journal) share one real PostgreSQL server and the local fake Discord's four servers, each set
 * up (with /setup) with two queues. The first
 * runs shard 0 of 2; the second runs all the bot's servers as one shard, so it sees the first's
 * servers too and waits for their leases. Through a random evening each server is served by
 * exactly one process; when the first stops mid-evening, the second takes its servers over with
 * everything the first had committed, and the evening goes on there.
 */
class EndToEndTakeoverTest {
  private static final int PLAYERS = 6;

  @Test
  @DisplayName("two processes, four servers: one process a server; a stop mid-evening hands the "
      + "servers over with nothing lost")
  void twoProcesses_takeover() {
    String url = TestPostgres.newDatabase();
    try (LocalDiscord discord = LocalDiscord.builder().guilds(4)
        .heartbeat(Duration.ofMillis(500)).start()) {
      Map<String, List<DiscordUser>> players = new HashMap<>();
      Map<String, String> duos = new HashMap<>();
      for (LocalGuild guild : discord.guilds()) {
        List<DiscordUser> list = new ArrayList<>();
        for (int i = 1; i <= PLAYERS; i++) {
          list.add(guild.addUser("P" + i, false));
        }
        players.put(guild.id(), list);
        duos.put(guild.id(), guild.addTextChannel("duos"));
      }
      DiscordBot first = start(discord, url, "2", "0");
      DiscordBot second = null;
      try {
        second = start(discord, url, "1", "");
        Set<String> firstServers = discord.guilds().stream().filter(g -> g.shard(2) == 0)
            .map(LocalGuild::id).collect(Collectors.toCollection(TreeSet::new));
        DiscordBot two = second;
        discord.await("the second process serves the rest", () -> two.servedIds().size()
            == 4 - firstServers.size(), PATIENCE);
        assertThat(first.servedIds()).isEqualTo(firstServers);
        assertThat(second.servedIds()).doesNotContainAnyElementsOf(firstServers);

        // Each server's admin sets up a second queue, a 3v3 in #duos, and lets players wait in
        // both: through whichever process serves the server.
        for (LocalGuild guild : discord.guilds()) {
          DiscordUser admin = guild.addUser("Admin", true);
          setup(guild, admin, "queue-add", "name", "duos", "lobby", "duos");
          setup(guild, admin, "queue-set", "name", "duos", "setting", "format", "value", "3v3");
          setup(guild, admin, "set", "setting", "multi-queue", "value", "true");
        }
        DiscordBot one = first;
        discord.await("every server runs two queues", () -> discord.guilds().stream()
            .allMatch(g -> one.runtime(g.id()).or(() -> two.runtime(g.id()))
                .map(r -> r.relva().config().queues().size() == 2).orElse(false)), PATIENCE);

        Random random = new Random(15);
        for (int step = 0; step < 80; step++) {
          play(discord, players, duos, random, first, second);
          assertOneProcessEach(first, second);
        }
        // What the first process holds of its servers, just before it stops.
        Map<String, String> before = new HashMap<>();
        for (String id : firstServers) {
          before.put(id, snapshot(first.runtime(id).orElseThrow().relva()));
        }
        first.stop();
        discord.await("the second process took every server over", () -> two.servedIds().size()
            == 4, PATIENCE);
        for (String id : firstServers) {
          assertThat(snapshot(second.runtime(id).orElseThrow().relva())).as("server %s", id)
              .isEqualTo(before.get(id));
        }
        for (int step = 0; step < 80; step++) {
          play(discord, players, duos, random, second);
        }
        discord.await("every interaction answered", () -> discord.interactions().stream()
            .allMatch(i -> i.answered()), PATIENCE);
        for (String id : second.servedIds()) {
          RelvaInvariants.assertConsistent(second.runtime(id).orElseThrow().stores());
        }
        assertThat(discord.interactions()).allSatisfy(i -> assertThat(i.refusals())
            .as("Discord's refusals of %s", i).isEmpty());
        assertThat(discord.problems()).isEmpty();
        long finished = discord.guilds().stream().mapToLong(g -> two.runtime(g.id())
            .orElseThrow().relva().endedMatchIds().size()).sum();
        assertThat(finished).as("matches played to a result").isPositive();
        assertThat(discord.guilds().stream().flatMap(g -> two.runtime(g.id()).orElseThrow()
            .relva().endedMatchIds().stream().map(id -> two.runtime(g.id()).orElseThrow().relva()
                .match(id).orElseThrow().queue().value())).distinct())
            .as("queues that played matches").contains("default", "duos");
      } finally {
        first.stop();
        if (second != null) {
          second.stop();
        }
      }
    }
  }

  @Test
  @DisplayName("a server whose scope another claims (wrongly) is fenced out: its commit is "
      + "refused, writing nothing, and the bot serves the server anew and goes on")
  void fencedOut_servedAnew() {
    String url = TestPostgres.newDatabase();
    try (LocalDiscord discord = LocalDiscord.builder().heartbeat(Duration.ofMillis(500))
        .members("Alice", "Bob").start()) {
      LocalGuild guild = discord.guilds().get(0);
      DiscordBot bot = start(discord, url, "1", "");
      try {
        BotRuntime before = bot.runtime();
        guild.slash(guild.user("Alice"), guild.lobbyId(), "queue", "join", Map.of())
            .awaitReply(PATIENCE);
        // Another holder claims the server's scope, as a process would that wrongly thought it
        // held the lease.
        try (RelvaStore other = RelvaStore.postgres(url, TestPostgres.USER,
            TestPostgres.PASSWORD)) {
          other.claimScope(guild.id(), "an intruder").close();
        }
        String refused = guild.slash(guild.user("Bob"), guild.lobbyId(), "queue", "join",
            Map.of()).reply();
        assertThat(refused).contains("nothing changed");
        discord.await("the server served anew", () -> bot.runtime(guild.id())
            .filter(r -> r != before).isPresent(), PATIENCE);
        assertThat(guild.slash(guild.user("Bob"), guild.lobbyId(), "queue", "join", Map.of())
            .reply()).contains("You are in the queue");
        assertThat(bot.runtime().relva().queue()).hasSize(2); // Alice's place was kept
      } finally {
        bot.stop();
      }
    }
  }

  private static DiscordBot start(LocalDiscord discord, String url, String shards, String ids) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DISCORD_TOKEN", discord.token());
    env.put("RELVA_REGIONS", "eu");
    env.put("RELVA_FORMAT", "2v2");
    env.put("RELVA_DATABASE_URL", url);
    env.put("RELVA_DATABASE_USER", TestPostgres.USER);
    env.put("RELVA_DATABASE_PASSWORD", TestPostgres.PASSWORD);
    env.put("RELVA_SHARDS", shards);
    if (!ids.isEmpty()) {
      env.put("RELVA_SHARD_IDS", ids);
    }
    BotConfig config = BotConfig.load(env, Optional.empty());
    return DiscordBot.start(config, LiveBot.link(discord), Journals.open(config.storage(), true));
  }

  /**
   * One random player of one random server does what a player in their place would, mostly, and
   * is answered: accepts a ready check, reports a confirmed match's result, or queues; now and
   * then leaves the queue or asks for something they cannot do.
   */
  private static void play(LocalDiscord discord, Map<String, List<DiscordUser>> players,
      Map<String, String> duos, Random random, DiscordBot... processes) {
    LocalGuild guild = discord.guilds().get(random.nextInt(4));
    DiscordUser player = players.get(guild.id()).get(random.nextInt(PLAYERS));
    Relva relva = java.util.Arrays.stream(processes).map(p -> p.runtime(guild.id()))
        .flatMap(Optional::stream).findFirst().orElseThrow().relva();
    Optional<MatchRecord> match = relva.openMatchOf(UserId.of(player.id()));
    String[] command;
    if (random.nextInt(10) == 0) {
      command = random.nextBoolean() ? new String[] {"queue", "leave"}
          : new String[] {"match", "accept"};
    } else if (match.isPresent()) {
      command = match.get().state() == MatchRecord.State.CONFIRMED
          ? new String[] {"match", "report"} : new String[] {"match", "accept"};
    } else {
      command = new String[] {"queue", "join"};
    }
    Map<String, String> options = command[1].equals("report") ? Map.of("result", "team1")
        : Map.of();
    String channel = command[0].equals("queue") && random.nextBoolean() ? duos.get(guild.id())
        : guild.lobbyId();
    guild.slash(player, channel, command[0], command[1], options).awaitReply(PATIENCE);
  }

  /** {@code admin} runs {@code /setup sub} with {@code options} as pairs; it is saved. */
  private static void setup(LocalGuild guild, DiscordUser admin, String sub,
      String... options) {
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < options.length; i += 2) {
      given.put(options[i], options[i + 1]);
    }
    assertThat(guild.slash(admin, guild.lobbyId(), "setup", sub, given).reply())
        .as("/setup %s in %s", sub, guild).contains("Saved, and applied now");
  }

  /** Each server served by at most one of the two processes. */
  private static void assertOneProcessEach(DiscordBot first, DiscordBot second) {
    Set<String> both = new TreeSet<>(first.servedIds());
    both.retainAll(second.servedIds());
    assertThat(both).as("servers served by both processes").isEmpty();
  }

  /** What a server holds: its queue, its parties and its open matches, as text. */
  private static String snapshot(Relva relva) {
    return "queue " + relva.queue().stream().map(e -> e.id().value() + "@" + e.joinedAt())
        .toList() + "; parties " + relva.parties().stream().map(p -> p.id().value()
            + p.members().stream().map(m -> m.id().value()).toList()).sorted().toList()
        + "; matches " + relva.openMatches().stream().map(m -> m.id() + " " + m.state() + " "
            + m.teams()).sorted().toList()
        + "; ended " + new TreeSet<>(relva.endedMatchIds());
  }
}
