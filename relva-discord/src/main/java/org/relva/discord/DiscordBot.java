package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.GatewayEncoding;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot on Discord: connects with JDA's shard manager (the shards {@code RELVA_SHARDS} and
 * {@code RELVA_SHARD_IDS} say), registers the global slash commands, and serves each server it
 * may with a {@link GuildBot}: every server it is in when {@code RELVA_GUILD_ID} is unset, else
 * that one. It routes each of Discord's events to its server's bot, so nothing of one server
 * reaches another, ticks them every five seconds, and stops cleanly on SIGTERM. What the operator
 * must fix while it runs goes to the {@link OperatorLog}.
 *
 * <p>With PostgreSQL ({@code RELVA_DATABASE_URL}) several processes may run the bot's shards,
 * and the old and the new process of a rolling restart overlap: a process serves a server only
 * while it holds the server's lease ({@link ServerLeases}), and its commits are fenced by it
 * (another process that took the server over fails them). A process waiting for a lease takes
 * the server over, with everything committed, as soon as the holder lets go or dies. With SQLite
 * one process runs every shard, and the database's lock file keeps a second one out.
 *
 * <p>A server that joins is set up with the defaults, and the bot says so in its system channel.
 * A server that is not set up for Relva (no lobby, a missing permission) is told why in the
 * replies to its commands and in the operator log, and is served once it is: the bot tries again
 * every tick. A server the bot leaves keeps its state in the database (the bot serves it again
 * if invited back); {@code --forget-server ID} deletes it.
 *
 * <p>It asks for no gateway intents beyond the one JDA always sends (guilds: the servers'
 * channels, threads and roles). Slash commands and button clicks arrive without any intent and
 * carry the member who used them, so the privileged Server Members intent is not needed, and no
 * member is cached.
 *
 * <p>Start-up fails with a message, never a stack trace, when the token is refused or Discord
 * cannot be reached, and, with {@code RELVA_GUILD_ID}, when the bot is not in that server or the
 * server is not set up. Stopping (the JVM's shutdown hook, so SIGTERM and Ctrl-C) stops the
 * ticks, lets commands in progress finish, posts a notice in each lobby (unless another process
 * takes over) and shuts JDA down. If Discord ends the session for good (the token was reset,
 * say), the bot stops with exit status 1.
 *
 * <p>This class is thread-safe.
 */
final class DiscordBot {
  private static final Logger LOG = LoggerFactory.getLogger(DiscordBot.class);

  /** Beyond the guilds intent, which JDA always sends: none. */
  static final Set<GatewayIntent> INTENTS = EnumSet.noneOf(GatewayIntent.class);
  /** What the invite link asks for; {@code OPERATOR.md} gives the same set as a number. */
  static final Set<Permission> PERMISSIONS = EnumSet.of(Permission.VIEW_CHANNEL,
      Permission.MESSAGE_SEND, Permission.CREATE_PRIVATE_THREADS,
      Permission.MESSAGE_SEND_IN_THREADS, Permission.MANAGE_THREADS,
      Permission.MESSAGE_EMBED_LINKS, Permission.USE_APPLICATION_COMMANDS);
  static final Duration TICK = Duration.ofSeconds(5);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** The lobby's notice when the bot stops and its state is kept. */
  static final String STOPPING_NOTICE = "Relva is going offline for a moment: parties, places "
      + "in the queue and matches are kept, and carry on when Relva is back.";
  /** The lobby's notice when the bot stops and its state is in memory only. */
  static final String STOPPING_NOTICE_FORGETFUL = "Relva is going offline: the queue is "
      + "stopping. Parties and places in the queue do not carry over; queue again when Relva is "
      + "back.";
  private static final String TOKEN_REFUSED = "DISCORD_TOKEN: Discord refused the token. Copy "
      + "the bot's token from the Developer Portal (your application, Bot, Reset Token) and set it "
      + "again.";
  /** Commands run in parallel (the core is thread-safe); one slow thread creation blocks one. */
  private static final int COMMAND_THREADS = 4;

  /** Why the bot cannot start; the message is for the operator. */
  static final class StartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartException(String message) {
      super(message);
    }
  }

  private final ShardManager shards;
  private final Servers servers;
  private final ExecutorService commands;
  private final ExecutorService passes;
  private final ScheduledExecutorService ticker;
  private final Duration requestTimeout;
  private final OperatorLog operator;
  private final BotMetrics metrics;
  private final Storage storage;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile int exitStatus;

  private DiscordBot(ShardManager shards, Servers servers,
      ExecutorService commands, ExecutorService passes, ScheduledExecutorService ticker,
      Duration requestTimeout, OperatorLog operator, BotMetrics metrics, Storage storage) {
    this.shards = shards;
    this.servers = servers;
    this.commands = commands;
    this.passes = passes;
    this.ticker = ticker;
    this.requestTimeout = requestTimeout;
    this.operator = operator;
    this.metrics = metrics;
    this.storage = storage;
  }

  /**
   * Runs the bot until the JVM is asked to stop; returns the exit status: 0 after a clean stop, 1
   * if Discord ended the session, 2 if it could not start (the reason is printed on {@code err}).
   */
  static int run(BotConfig config, PrintStream err, StateJournal journal)
      throws InterruptedException {
    DiscordBot bot;
    try {
      bot = start(config, Link.DISCORD, journal);
    } catch (StartException | BotConfig.ConfigException | StorageException e) {
      err.println("Relva cannot start: " + e.getMessage());
      return 2;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(bot::stop, "relva-shutdown"));
    bot.stopped.await();
    return bot.exitStatus;
  }

  /**
   * Where the bot finds Discord and how patient it is: the shard manager builder's last touches
   * (tests point the REST client and the gateway at a local fake Discord), how long one request
   * may take, how often the bot ticks, and how long a party thread must be seen without a party
   * before the tick deletes it.
   */
  record Link(UnaryOperator<DefaultShardManagerBuilder> builder, Duration requestTimeout,
      Duration tick, Duration orphanAge) {
    /** The real Discord, with the bot's production timings. */
    static final Link DISCORD = new Link(UnaryOperator.identity(), REQUEST_TIMEOUT, TICK,
        REQUEST_TIMEOUT.multipliedBy(3));

    /**
     * A Discord at other addresses, such as a local fake one: JDA's REST client sends to
     * {@code restUrl} (which stands for {@code https://discord.com/api/v10/}), its gateway
     * connects to {@code gatewayUrl}, frames are plain JSON (no zlib), and shards identify
     * without waiting for each other, so anything that speaks Discord's protocol on those
     * addresses will do.
     */
    static Link at(String restUrl, String gatewayUrl, Duration requestTimeout, Duration tick,
        Duration orphanAge) {
      requireNonNull(restUrl, "restUrl");
      requireNonNull(gatewayUrl, "gatewayUrl");
      return new Link(builder -> {
        ConcurrentSessionController sessions = new ConcurrentSessionController() {
          @Override
          public String getGateway() {
            return gatewayUrl;
          }
        };
        sessions.setConcurrency(16);
        return builder.setRestConfig(new RestConfig().setBaseUrl(restUrl))
            .setSessionController(sessions)
            .setCompression(Compression.NONE)
            .setGatewayEncoding(GatewayEncoding.JSON);
      }, requestTimeout, tick, orphanAge);
    }

    Link {
      requireNonNull(builder, "builder");
      requireNonNull(requestTimeout, "requestTimeout");
      requireNonNull(tick, "tick");
      requireNonNull(orphanAge, "orphanAge");
      if (orphanAge.compareTo(requestTimeout.multipliedBy(2).plus(tick)) <= 0) {
        // A thread seen without a party may belong to a party being created right now: its
        // two requests can take requestTimeout each, and the sweep runs once a tick.
        throw new IllegalArgumentException("orphanAge must be over twice requestTimeout plus "
            + "a tick");
      }
    }
  }

  /** Connects to Discord and starts serving {@code config}'s servers. */
  static DiscordBot start(BotConfig config) {
    return start(config, Link.DISCORD);
  }

  /** Connects through {@code link} and starts serving {@code config}'s servers. */
  static DiscordBot start(BotConfig config, Link link) {
    return start(config, link, StateJournal.none());
  }

  /**
   * Connects through {@code link} and starts serving {@code config}'s servers, their state kept
   * in (and first restored from) {@code journal}, each server's in a scope of its own when it is
   * a database; the bot closes it when it stops. If it cannot start, the journal is closed too.
   */
  static DiscordBot start(BotConfig config, Link link, StateJournal journal) {
    try {
      return connectAndServe(config, link, journal);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  private static DiscordBot connectAndServe(BotConfig config, Link link, StateJournal journal) {
    config.requireDiscord();
    Storage storage = Storage.of(config, journal);
    // Before connecting: JDA's HTTP client counts Discord's REST errors from the first request.
    BotMetrics metrics = BotMetrics.start(config.metrics());
    metrics.watchJournal(journal);
    OperatorLog operator = new OperatorLog();
    ExecutorService commands = Executors.newFixedThreadPool(COMMAND_THREADS,
        threads("relva-command"));
    // Matchmaking passes of every server; each server's run one at a time (QueueDaemon).
    ExecutorService passes = Executors.newFixedThreadPool(
        Math.max(1, Runtime.getRuntime().availableProcessors()), threads("relva-matchmaker"));
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
        threads("relva-tick"));
    Lifecycle lifecycle = new Lifecycle();
    Servers servers = new Servers(config, storage, new GuildBot.Shared(link, commands, passes,
        operator, metrics));
    ShardManager shards = null;
    try {
      storage.prepare(config.guildId());
      LOG.info("Connecting to Discord ({})", config);
      shards = connect(config, lifecycle, servers, link, metrics);
      lifecycle.awaitReady(shards, config.sharding(), CONNECT_TIMEOUT);
      JDA first = shards.getShards().get(0);
      try {
        // Global commands serve every server, each with its own regions (/setup): no choices.
        SlashCommands.registerGlobally(first, SlashCommands.from(CommandCatalog.of(
            config.regions(), config.guildId().isPresent())), config.globalCommands(),
            link.requestTimeout());
      } catch (RuntimeException e) {
        throw new StartException("could not register the slash commands (" + e.getMessage()
            + "). Was the bot invited with the applications.commands scope? Invite it again "
            + "with " + inviteUrl(first));
      }
      servers.connected(shards);
      servers.awaitSettled(CONNECT_TIMEOUT);
      ShardManager connected = shards;
      metrics.check(() -> connected.getShards().stream()
          .filter(jda -> jda.getStatus() != JDA.Status.CONNECTED).findFirst()
          .map(jda -> "the Discord gateway of shard " + jda.getShardInfo().getShardId() + " is "
              + jda.getStatus()));
      long every = link.tick().toMillis();
      ticker.scheduleWithFixedDelay(() -> servers.tick(link.orphanAge()), every, every,
          TimeUnit.MILLISECONDS);
      metrics.up();
      LOG.info("Relva is up: {} ({}), serving {} servers. Invite link: {}", shards.getShards()
          .stream().map(j -> j.getShardInfo().getShardString()).toList(), config.sharding(),
          servers.served().size(), inviteUrl(first));
      DiscordBot bot = new DiscordBot(shards, servers, commands, passes, ticker,
          link.requestTimeout(), operator, metrics, storage);
      lifecycle.whenLost(bot::lost);
      return bot;
    } catch (RuntimeException e) {
      ticker.shutdownNow();
      servers.stopAll(Optional.empty());
      commands.shutdownNow();
      passes.shutdownNow();
      if (shards != null) {
        shutdownNow(shards);
      }
      storage.closeLeases();
      metrics.close();
      throw e;
    }
  }

  private static ShardManager connect(BotConfig config, Lifecycle lifecycle, Servers servers,
      Link link, BotMetrics metrics) {
    try {
      DefaultShardManagerBuilder builder = voiceStates(DefaultShardManagerBuilder.createLight(
          config.token().orElseThrow(), intents(config.voice())), config.voice())
          .setEnableShutdownHook(false) // ours posts a notice first, then shuts JDA down
          .addEventListeners(lifecycle, servers);
      Sharding sharding = config.sharding();
      sharding.total().ifPresent(builder::setShardsTotal);
      if (!sharding.ids().isEmpty()) {
        builder.setShards(sharding.ids());
      }
      return link.builder().apply(metrics.instrument(builder)).build();
    } catch (InvalidTokenException e) {
      throw new StartException(TOKEN_REFUSED);
    } catch (IllegalArgumentException e) {
      // JDA's message may quote the token; never print it.
      throw new StartException("DISCORD_TOKEN: this is not a bot token (it is empty or has "
          + "spaces in it).");
    } catch (RuntimeException e) {
      throw new StartException(unreachable(e));
    }
  }

  static String unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return "cannot reach Discord (" + t + "). Check this machine's network connection and "
            + "DNS, then start Relva again.";
      }
      if (t instanceof InvalidTokenException) {
        return TOKEN_REFUSED;
      }
    }
    return "Discord refused the login (" + e.getMessage() + ").";
  }

  static String inviteUrl(JDA jda) {
    return "https://discord.com/oauth2/authorize?client_id=" + jda.getSelfUser().getApplicationId()
        + "&scope=bot+applications.commands&permissions=" + Permission.getRaw(PERMISSIONS);
  }

  /**
   * Stops the bot: no more ticks or commands, a notice in each lobby (unless other processes
   * share the database and take the servers over), JDA shut down. Idempotent.
   */
  void stop() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    LOG.info("Stopping");
    try {
      ticker.shutdownNow();
      commands.shutdown();
      if (!commands.awaitTermination(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        commands.shutdownNow();
      }
      servers.stopAll(storage.leased() ? Optional.empty() : Optional.of(
          storage.durable() ? STOPPING_NOTICE : STOPPING_NOTICE_FORGETFUL));
      passes.shutdown();
      storage.close();
      metrics.close();
      shards.shutdown();
      for (JDA jda : shards.getShards()) {
        if (!jda.awaitShutdown(requestTimeout)) {
          jda.shutdownNow();
        }
      }
      LOG.info("Stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdownNow(shards);
    } finally {
      stopped.countDown();
    }
  }

  /**
   * The runtime of the one server this bot serves (with {@code RELVA_GUILD_ID}, that server's).
   *
   * @throws IllegalStateException if it serves none or several
   */
  BotRuntime runtime() {
    List<GuildBot> served = servers.served();
    if (served.size() != 1) {
      throw new IllegalStateException("the bot serves " + served.size() + " servers");
    }
    return served.get(0).runtime();
  }

  /** The runtime of server {@code guildId}, if this bot serves it now. */
  Optional<BotRuntime> runtime(String guildId) {
    return servers.bot(Long.parseUnsignedLong(guildId)).map(GuildBot::runtime);
  }

  /** The servers this bot serves now. */
  Set<String> servedIds() {
    return servers.served().stream().map(b -> Long.toUnsignedString(b.guildId()))
        .collect(Collectors.toSet());
  }

  /** What the bot told its operator lately (also logged at ERROR), oldest first. */
  List<String> operatorAlerts() {
    return operator.recent();
  }

  /** Discord ended the session and JDA will not reconnect: stop with exit status 1. */
  private void lost(ShutdownEvent event) {
    if (stopping.compareAndSet(false, true)) {
      CloseCode code = event.getCloseCode();
      LOG.error("Discord ended the session ({}); stopping", code == null ? "code "
          + event.getCode() : code.getCode() + " " + code.getMeaning());
      exitStatus = 1;
      ticker.shutdownNow();
      commands.shutdownNow();
      servers.stopAll(Optional.empty());
      passes.shutdownNow();
      storage.close();
      metrics.close();
      stopped.countDown();
    }
  }

  /** Shuts every shard down without waiting for its requests. */
  private static void shutdownNow(ShardManager shards) {
    shards.getShards().forEach(JDA::shutdownNow);
    shards.shutdown();
  }

  static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Waits for every shard's first ready event, and reports a session Discord ends later. */
  private static final class Lifecycle extends ListenerAdapter {
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private final Set<Integer> ready = ConcurrentHashMap.newKeySet();
    private volatile Consumer<ShutdownEvent> lost = event -> {};

    @Override
    public void onReady(ReadyEvent event) {
      ready.add(event.getJDA().getShardInfo().getShardId());
      synchronized (this) {
        notifyAll();
      }
    }

    @Override
    public void onShutdown(ShutdownEvent event) {
      CloseCode code = event.getCloseCode();
      failed.completeExceptionally(new StartException(code == CloseCode.AUTHENTICATION_FAILED
          ? TOKEN_REFUSED
          : "Discord ended the session before it was ready (" + (code == null
              ? "code " + event.getCode() : code.getCode() + " " + code.getMeaning()) + ")."));
      synchronized (this) {
        notifyAll();
      }
      lost.accept(event);
    }

    void whenLost(Consumer<ShutdownEvent> handler) {
      this.lost = requireNonNull(handler, "handler");
    }

    /** Waits until every shard of {@code sharding} that runs here is ready. */
    void awaitReady(ShardManager shards, Sharding sharding, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      int expected = sharding.ids().isEmpty() ? shards.getShardsTotal() : sharding.ids().size();
      synchronized (this) {
        while (ready.size() < expected) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new StartException("Discord did not finish connecting within "
                + timeout.toSeconds() + "s. Check the network, then start Relva again.");
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while connecting to Discord.");
          }
          if (failed.isCompletedExceptionally()) {
            try {
              failed.join();
            } catch (CompletionException e) {
              throw (StartException) e.getCause();
            }
          }
        }
      }
    }
  }

  /**
   * The intents for {@code voice}: none beyond {@link #INTENTS}, but with
   * {@code RELVA_AUTOMOVE} the voice states (not privileged): who is in the waiting room.
   */
  static Set<GatewayIntent> intents(BotConfig.Voice voice) {
    Set<GatewayIntent> intents = EnumSet.noneOf(GatewayIntent.class);
    intents.addAll(INTENTS);
    if (voice.automove()) {
      intents.add(GatewayIntent.GUILD_VOICE_STATES);
    }
    return intents;
  }

  /** With {@code RELVA_AUTOMOVE}, JDA keeps voice states: it moves only members it saw in voice. */
  private static DefaultShardManagerBuilder voiceStates(DefaultShardManagerBuilder builder,
      BotConfig.Voice voice) {
    return voice.automove() ? builder.enableCache(CacheFlag.VOICE_STATE) : builder;
  }
}
