package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Party;
import org.relva.core.model.UserId;
import org.relva.testkit.RelvaInvariants;
import org.relva.testkit.discord.DiscordUser;
import org.relva.testkit.discord.LocalDiscord;
import org.relva.testkit.discord.SeenChannel;
import org.relva.testkit.discord.SeenMessage;
import org.relva.testkit.discord.SentInteraction;

/**
 * The real bot, JDA and all, connected to a {@link LocalDiscord} on loopback: what the end-to-end
 * tests drive. It starts with the bot's production code path ({@link DiscordBot#start}), only
 * pointed elsewhere by a {@link DiscordBot.Link}, and with short timings so faults resolve
 * quickly. Not thread-safe; one per test.
 */
final class LiveBot implements AutoCloseable {
  /** How long a test waits for anything Discord should see. */
  static final Duration PATIENCE = Duration.ofSeconds(15);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  static final Duration ORPHAN_AGE = Duration.ofSeconds(5);
  /** Ten of the server's players: enough for a 5v5. */
  static final List<String> TEN = List.of("Alice", "Bob", "Carol", "Dave", "Erin", "Frank",
      "Grace", "Heidi", "Ivan", "Judy");

  final LocalDiscord discord;
  final DiscordBot bot;

  private LiveBot(LocalDiscord discord, DiscordBot bot) {
    this.discord = discord;
    this.bot = bot;
  }

  /** Twelve players and a moderator, in a server whose lobby is {@code #kiwipugs}. */
  static LocalDiscord.Builder server() {
    return LocalDiscord.builder().heartbeat(Duration.ofMillis(500))
        .members("Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan",
            "Judy", "Mallory", "Niaj")
        .moderators("Oscar");
  }

  static LiveBot start() {
    return start(server(), Map.of());
  }

  /** Starts {@code server}, then the bot for it, with {@code settings} over the defaults. */
  static LiveBot start(LocalDiscord.Builder server, Map<String, String> settings) {
    LocalDiscord discord = server.start();
    try {
      return startOn(discord, settings);
    } catch (RuntimeException e) {
      discord.close();
      throw e;
    }
  }

  /**
   * Starts the bot for the running {@code discord} (set up as a test needs it), with
   * {@code settings} over the defaults; closing the result closes {@code discord} too.
   */
  static LiveBot startOn(LocalDiscord discord, Map<String, String> settings) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DISCORD_TOKEN", discord.token());
    env.put("RELVA_GUILD_ID", discord.guildId());
    env.put("RELVA_REGIONS", "eu,us-e");
    env.put("RELVA_MODERATOR_ROLE", discord.moderatorRoleName());
    env.putAll(settings);
    return new LiveBot(discord, DiscordBot.start(BotConfig.load(env, Optional.empty()),
        link(discord)));
  }

  /** JDA pointed at {@code discord}, with short timings. */
  static DiscordBot.Link link(LocalDiscord discord) {
    return DiscordBot.Link.at(discord.restUrl(), discord.gatewayUrl(), REQUEST_TIMEOUT,
        Duration.ofMillis(200), ORPHAN_AGE);
  }

  Relva relva() {
    return bot.runtime().relva();
  }

  DiscordUser user(String name) {
    return discord.user(name);
  }

  /** {@code name} runs {@code /command sub} in the lobby, with {@code options} as pairs. */
  SentInteraction lobby(String name, String command, String sub, String... options) {
    return discord.slash(user(name), discord.lobbyId(), command, sub, options(options));
  }

  /** {@code name} runs {@code /command sub} in their party's thread. */
  SentInteraction party(String name, String command, String sub, String... options) {
    return discord.slash(user(name), threadOf(name).id(), command, sub, options(options));
  }

  private static Map<String, String> options(String... pairs) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      options.put(pairs[i], pairs[i + 1]);
    }
    return options;
  }

  /** {@code name} queues alone in the lobby, in eu, and is answered. */
  void queueSolo(String name) {
    lobby(name, "queue", "join", "region", "eu").reply();
  }

  /** The thread of {@code name}'s party, as Discord holds it. */
  SeenChannel threadOf(String name) {
    Party party = relva().partyOf(UserId.of(user(name).id())).orElseThrow(
        () -> new AssertionError(name + " is in no party"));
    String id = relva().channel(party.id()).orElseThrow().value();
    return discord.channel(id).orElseThrow(() -> new AssertionError("the thread of "
        + party.id() + " is not on Discord"));
  }

  /**
   * Waits until {@code names} are members of {@code leader}'s party thread: adding a member to a
   * thread is queued after the join, so it can land after the join's reply.
   */
  void awaitInThread(String leader, String... names) {
    List<String> ids = java.util.Arrays.stream(names).map(n -> user(n).id()).toList();
    discord.await(List.of(names) + " in " + leader + "'s thread",
        () -> threadOf(leader).members().containsAll(ids), PATIENCE);
  }

  /** The join code in the reply to {@code create}. */
  static String joinCode(SentInteraction create) {
    String reply = create.reply();
    java.util.regex.Matcher code = java.util.regex.Pattern
        .compile("[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}").matcher(reply.replace("\\", ""));
    assertThat(code.find()).as("a join code in %s", reply).isTrue();
    return code.group();
  }

  /** Waits for every interaction so far to have a reply. */
  void awaitAllAnswered() {
    discord.await("every interaction answered",
        () -> discord.interactions().stream().allMatch(SentInteraction::answered), PATIENCE);
  }

  /** The ready-check message of the newest pop in the lobby. */
  SeenMessage awaitReadyCheck(int count) {
    discord.await(count + " ready checks in the lobby",
        () -> readyChecks().size() >= count, PATIENCE);
    return readyChecks().get(count - 1);
  }

  List<SeenMessage> readyChecks() {
    return discord.messages(discord.lobbyId()).stream()
        .filter(m -> m.buttons().stream().anyMatch(b -> b.startsWith("relva:accept:")))
        .toList();
  }

  /**
   * What must hold after any fault, once Discord and the bot have settled: the core's own
   * invariants; every party has its thread on Discord, with its members in it; every party thread
   * on Discord belongs to a party; nobody is queued twice; and every user got an answer.
   */
  void assertConsistent() {
    awaitAllAnswered();
    discord.await("no thread without a party", () -> orphanThreads().isEmpty(), PATIENCE);
    RelvaInvariants.assertConsistent(bot.runtime().stores());
    for (Party party : relva().parties()) {
      ChannelId channel = relva().channel(party.id()).orElseThrow(
          () -> new AssertionError("party " + party.id() + " has no channel"));
      Optional<SeenChannel> thread = discord.channel(channel.value());
      assertThat(thread).as("the thread of party %s", party.id()).isPresent();
      assertThat(thread.get().name()).isEqualTo("Party [" + party.id().value() + "]");
      discord.await("the members of " + party.id() + " in its thread",
          () -> discord.channel(channel.value()).orElseThrow().members().containsAll(
              party.members().stream().map(m -> m.id().value()).toList()), PATIENCE);
    }
    List<UserId> queued = relva().queue().stream().flatMap(e -> e.entity().members().stream())
        .map(m -> m.id()).toList();
    assertThat(queued).as("queued players").doesNotHaveDuplicates();
    assertThat(relva().queue().stream().map(e -> e.entity().id()).toList())
        .doesNotHaveDuplicates();
    assertThat(discord.problems()).as("what the bot did that Discord would refuse").isEmpty();
  }

  /** Party threads on Discord that no party owns. */
  List<SeenChannel> orphanThreads() {
    // Threads of other names are not the bot's business.
    Set<String> owned = relva().parties().stream().map(p -> relva().channel(p.id()))
        .flatMap(Optional::stream).map(ChannelId::value).collect(Collectors.toSet());
    return discord.threads().stream().filter(t -> t.name().startsWith("Party ["))
        .filter(t -> !owned.contains(t.id())).toList();
  }

  @Override
  public void close() {
    try {
      bot.stop();
    } finally {
      discord.close();
    }
  }
}
