package org.relva.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.GatewayEncoding;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.relva.discord.RelvaBot;
import org.relva.testkit.discord.DiscordUser;
import org.relva.testkit.discord.LocalDiscord;
import org.relva.testkit.discord.SeenMessage;
import org.relva.testkit.discord.SentInteraction;

/**
 * Interactions end to end on loopback: a user's slash command dispatched by the local fake
 * Discord on the gateway, read by JDA, acknowledged, run, and answered through the interaction's
 * webhook, until the fake holds the reply. Throughput is how many interactions the bot sustains
 * a second; the sampled time of one is its interaction-to-reply latency (the p99).
 *
 * <p>{@link #relva} is the real bot, started through its one public way in, {@link
 * RelvaBot#startAt}, as in production but pointed at the fake: eight users, one per JMH thread, each alternating {@code /queue join} and
 * {@code /queue leave} in the lobby, so every command changes the core's state, publishes a queue
 * event and runs a matchmaking pass (eight players never fill a 5v5, so nothing pops). {@link
 * #echo} is the baseline, measured in the same run against a fake of its own: bare JDA with one
 * listener that defers the same command and answers "pong" through the hook, the same two REST
 * calls with no Relva behind them. The ratio of the two is what Relva costs over JDA and the wire.
 *
 * <p>Limits: everything (the fake, JDA, the bot and the eight clients) shares one JVM and this
 * machine's two cores, and loopback has no network latency, so the figures bound what the bot
 * itself can do, not what Discord would let it. The fake serves one connection per request
 * thread and takes one lock per request.
 *
 * <p>Run with {@code java -jar relva-bench/target/benchmarks.jar InteractionRoundTrip}.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Threads(InteractionRoundTripBenchmark.USERS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InteractionRoundTripBenchmark {
  static final int USERS = 8;
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /** A fake Discord with {@link #USERS} members. */
  abstract static class Server {
    LocalDiscord discord;
    List<DiscordUser> users;
    final AtomicInteger next = new AtomicInteger();

    void startServer() {
      String[] names = IntStream.rangeClosed(1, USERS).mapToObj(i -> "Player " + i)
          .toArray(String[]::new);
      discord = LocalDiscord.builder().members(names).start();
      users = discord.users();
    }

    /** Keeps the fake's memory bounded over a long run. */
    @TearDown(Level.Iteration)
    public void forget() {
      discord.forgetAnswered();
    }
  }

  /** The real bot against its fake Discord. */
  @State(Scope.Benchmark)
  public static class RelvaServer extends Server {
    AutoCloseable bot;

    @Setup(Level.Trial)
    public void start() {
      startServer();
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("DISCORD_TOKEN", discord.token());
      settings.put("RELVA_GUILD_ID", discord.guildId());
      settings.put("RELVA_REGIONS", "eu");
      bot = RelvaBot.startAt(settings, discord.restUrl(), discord.gatewayUrl());
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      bot.close();
      discord.close();
    }
  }

  /** Bare JDA answering "pong", against its own fake Discord. */
  @State(Scope.Benchmark)
  public static class EchoServer extends Server {
    JDA jda;

    @Setup(Level.Trial)
    public void start() throws InterruptedException {
      startServer();
      CountDownLatch ready = new CountDownLatch(1);
      jda = pointedAt(discord, JDABuilder.createLight(discord.token()))
          .addEventListeners(new ListenerAdapter() {
            @Override
            public void onReady(ReadyEvent event) {
              ready.countDown();
            }

            @Override
            public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
              event.deferReply(true).queue();
              event.getHook().sendMessage("pong").setEphemeral(true).queue();
            }
          })
          .build();
      if (!ready.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the echo bot did not connect to " + discord);
      }
      Guild guild = jda.getGuildById(discord.guildId());
      guild.updateCommands().addCommands(Commands.slash("queue", "Queue for a match")
          .addSubcommands(new SubcommandData("join", "Join")
              .addOption(OptionType.STRING, "region", "Where"), new SubcommandData("leave",
              "Leave"))).complete();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      jda.shutdown();
      jda.awaitShutdown(Duration.ofSeconds(10));
      discord.close();
    }
  }

  /**
   * {@code builder} sending to the fake's REST address and connecting to its gateway, with plain
   * JSON frames, as the bot does when {@link RelvaBot#startAt} points it at the fake.
   */
  private static JDABuilder pointedAt(LocalDiscord discord, JDABuilder builder) {
    String gateway = discord.gatewayUrl();
    return builder
        .setRestConfig(new RestConfig().setBaseUrl(discord.restUrl()))
        .setSessionController(new ConcurrentSessionController() {
          @Override
          public String getGateway() {
            return gateway;
          }
        })
        .setCompression(Compression.NONE)
        .setGatewayEncoding(GatewayEncoding.JSON);
  }

  /** One user per JMH thread, queued or not. */
  abstract static class User {
    DiscordUser user;
    boolean queued;

    void pick(Server server) {
      user = server.users.get(server.next.getAndIncrement() % USERS);
    }
  }

  /** A user of {@link RelvaServer}. */
  @State(Scope.Thread)
  public static class RelvaUser extends User {
    @Setup(Level.Trial)
    public void pick(RelvaServer server) {
      super.pick(server);
    }
  }

  /** A user of {@link EchoServer}. */
  @State(Scope.Thread)
  public static class EchoUser extends User {
    @Setup(Level.Trial)
    public void pick(EchoServer server) {
      super.pick(server);
    }
  }

  @Benchmark
  public SeenMessage relva(RelvaServer server, RelvaUser user) {
    return roundTrip(server.discord, user);
  }

  @Benchmark
  public SeenMessage echo(EchoServer server, EchoUser user) {
    return roundTrip(server.discord, user);
  }

  private static SeenMessage roundTrip(LocalDiscord discord, User user) {
    SentInteraction sent = user.queued
        ? discord.slash(user.user, discord.lobbyId(), "queue", "leave")
        : discord.slash(user.user, discord.lobbyId(), "queue", "join", Map.of("region", "eu"));
    user.queued = !user.queued;
    return sent.awaitReply(PATIENCE);
  }
}
