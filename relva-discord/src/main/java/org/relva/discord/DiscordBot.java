package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.GatewayEncoding;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import org.jspecify.annotations.Nullable;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.store.StateJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot on Discord: connects with JDA, finds the server and the lobby, registers the slash
 * commands, wires the {@link BotRuntime} to Discord (party threads, the outbox, the interaction
 * listener, and a {@link ThreadWatch} that unarchives party threads and notices lost
 * permissions), has {@link RestoredThreads} put right the threads of the parties it restored,
 * ticks it every five seconds, and stops cleanly on SIGTERM. What the operator must
 * fix while it runs goes to the {@link OperatorLog}.
 *
 * <p>It asks for no gateway intents beyond the one JDA always sends (guilds: the server's
 * channels, threads and roles). Slash commands and button clicks arrive without any intent and
 * carry the member who used them, so the privileged Server Members intent is not needed, and no
 * member is cached.
 *
 * <p>Start-up fails with a message, never a stack trace, when the token is refused, Discord cannot
 * be reached, the bot is not in the server, the lobby channel is missing or the bot lacks a
 * permission there. Stopping (the JVM's shutdown hook, so SIGTERM and Ctrl-C) stops the ticks,
 * lets commands in progress finish, posts a notice in the lobby and shuts JDA down. If Discord
 * ends the session for good (the token was reset, say), the bot stops with exit status 1.
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
  /** What the bot itself must have in the lobby (Use Application Commands is for members). */
  static final Set<Permission> LOBBY_PERMISSIONS = EnumSet.of(Permission.VIEW_CHANNEL,
      Permission.MESSAGE_SEND, Permission.CREATE_PRIVATE_THREADS,
      Permission.MESSAGE_SEND_IN_THREADS, Permission.MANAGE_THREADS,
      Permission.MESSAGE_EMBED_LINKS);
  static final Duration TICK = Duration.ofSeconds(5);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final String STOPPING_NOTICE = "Relva is going offline: the queue is stopping. Parties "
      + "and places in the queue do not carry over; queue again when Relva is back.";
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

  private final JDA jda;
  private final BotRuntime runtime;
  private final DiscordOutbox outbox;
  private final ExecutorService commands;
  private final ScheduledExecutorService ticker;
  private final Duration requestTimeout;
  private final OperatorLog operator;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile int exitStatus;
  /** Where team voice channels are made and deleted, with {@code RELVA_VOICE}; else null. */
  private volatile @Nullable ExecutorService voiceWorker;
  /** The operator's metrics ({@code RELVA_METRICS_PORT}), closed when the bot stops. */
  private volatile BotMetrics metrics = BotMetrics.off();

  /** A bot already connected and wired; {@link #start} makes one. */
  DiscordBot(JDA jda, BotRuntime runtime, DiscordOutbox outbox, ExecutorService commands,
      ScheduledExecutorService ticker, Duration requestTimeout, OperatorLog operator) {
    this.operator = requireNonNull(operator, "operator");
    this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
    this.jda = requireNonNull(jda, "jda");
    this.runtime = requireNonNull(runtime, "runtime");
    this.outbox = requireNonNull(outbox, "outbox");
    this.commands = requireNonNull(commands, "commands");
    this.ticker = requireNonNull(ticker, "ticker");
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
    } catch (StartException | BotConfig.ConfigException e) {
      err.println("Relva cannot start: " + e.getMessage());
      return 2;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(bot::stop, "relva-shutdown"));
    bot.stopped.await();
    return bot.exitStatus;
  }

  /**
   * Where the bot finds Discord and how patient it is: the JDA builder's last touches (tests point
   * the REST client and the gateway at a local fake Discord), how long one request may take, how
   * often the bot ticks, and how long a party thread must be seen without a party before the
   * tick deletes it.
   */
  record Link(UnaryOperator<JDABuilder> builder, Duration requestTimeout, Duration tick,
      Duration orphanAge) {
    /** The real Discord, with the bot's production timings. */
    static final Link DISCORD = new Link(UnaryOperator.identity(), REQUEST_TIMEOUT, TICK,
        REQUEST_TIMEOUT.multipliedBy(3));

    /**
     * A Discord at other addresses, such as a local fake one: JDA's REST client sends to
     * {@code restUrl} (which stands for {@code https://discord.com/api/v10/}), its gateway
     * connects to {@code gatewayUrl}, and frames are plain JSON (no zlib), so anything that speaks
     * Discord's protocol on those addresses will do.
     */
    static Link at(String restUrl, String gatewayUrl, Duration requestTimeout, Duration tick,
        Duration orphanAge) {
      requireNonNull(restUrl, "restUrl");
      requireNonNull(gatewayUrl, "gatewayUrl");
      return new Link(builder -> builder
          .setRestConfig(new RestConfig().setBaseUrl(restUrl))
          .setSessionController(new ConcurrentSessionController() {
            @Override
            public String getGateway() {
              return gatewayUrl;
            }
          })
          .setCompression(Compression.NONE)
          .setGatewayEncoding(GatewayEncoding.JSON), requestTimeout, tick, orphanAge);
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

  /** Connects to Discord and starts serving {@code config}'s server. */
  static DiscordBot start(BotConfig config) {
    return start(config, Link.DISCORD);
  }

  /** Connects through {@code link} and starts serving {@code config}'s server. */
  static DiscordBot start(BotConfig config, Link link) {
    return start(config, link, StateJournal.none());
  }

  /**
   * Connects through {@code link} and starts serving {@code config}'s server, its state kept in
   * (and first restored from) {@code journal}, which the bot closes when it stops. If it cannot
   * start, the journal is closed too.
   */
  static DiscordBot start(BotConfig config, Link link, StateJournal journal) {
    try {
      return connectAndWire(config, link, journal);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  private static DiscordBot connectAndWire(BotConfig config, Link link, StateJournal journal) {
    config.requireDiscord();
    long guildId;
    try {
      guildId = Long.parseUnsignedLong(config.guildId().orElseThrow());
    } catch (NumberFormatException e) {
      throw new StartException("RELVA_GUILD_ID: '" + config.guildId().orElseThrow()
          + "' is too large for a server id.");
    }
    Lifecycle lifecycle = new Lifecycle();
    // Before connecting: JDA's HTTP client counts Discord's REST errors from the first request.
    BotMetrics metrics = BotMetrics.start(config.metrics(), Long.toUnsignedString(guildId));
    try {
      LOG.info("Connecting to Discord for server {} ({})", guildId, config);
      JDA jda = connect(config.token().orElseThrow(), lifecycle, link, config.voice(), metrics);
      try {
        lifecycle.awaitReady(CONNECT_TIMEOUT);
        DiscordBot bot = wire(config, jda, guildId, link, journal, metrics);
        lifecycle.whenLost(bot::lost);
        return bot;
      } catch (RuntimeException e) {
        jda.shutdownNow();
        throw e;
      }
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
  }

  private static JDA connect(String token, Lifecycle lifecycle, Link link,
      BotConfig.Voice voice, BotMetrics metrics) {
    try {
      return link.builder().apply(metrics.instrument(voiceStates(JDABuilder.createLight(token,
              intents(voice)), voice))
          .setEnableShutdownHook(false) // ours posts a notice first, then shuts JDA down
          .addEventListeners(lifecycle))
          .build();
    } catch (InvalidTokenException e) {
      throw new StartException(TOKEN_REFUSED);
    } catch (IllegalArgumentException e) {
      // JDA's message may quote the token; never print it.
      throw new StartException("DISCORD_TOKEN: this is not a bot token (it is empty or has "
          + "spaces in it).");
    } catch (ErrorResponseException e) {
      throw new StartException(unreachable(e));
    }
  }

  static String unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return "cannot reach Discord (" + t + "). Check this machine's network connection and "
            + "DNS, then start Relva again.";
      }
    }
    return "Discord refused the login (" + e.getMessage() + ").";
  }

  private static DiscordBot wire(BotConfig config, JDA jda, long guildId, Link link,
      StateJournal journal, BotMetrics metrics) {
    Guild guild = jda.getGuildById(guildId);
    if (guild == null) {
      throw new StartException("RELVA_GUILD_ID: the bot is not a member of server " + guildId
          + ". Invite it with " + inviteUrl(jda) + " (or check the id: Developer Mode, then "
          + "right-click the server, Copy Server ID).");
    }
    TextChannel lobby = lobby(guild, config.lobby());
    List<Permission> missing = missingPermissions(guild.getSelfMember(), lobby);
    if (!missing.isEmpty()) {
      throw new StartException("RELVA_LOBBY: the bot lacks " + describe(missing) + " in #"
          + lobby.getName() + ". Grant them to its role (Server Settings, Roles) or in the "
          + "channel's permissions.");
    }
    if (config.voice().on()) {
      VoiceChannels.check(guild, config.voice());
    }
    ChannelMap channels = new ChannelMap(lobby.getId(), ChannelId.of(config.lobby()));
    DiscordOutbox outbox = new DiscordOutbox(guild, channels);
    OperatorLog operator = new OperatorLog();
    ThreadPartyChannels threads = new ThreadPartyChannels(lobby, guild, link.requestTimeout(),
        operator);
    BotRuntime runtime = BotRuntime.startWithMatchmakingThread(config, threads,
        Clock.systemUTC(), new SecureRandom(), outbox, journal);
    metrics.bind(runtime.relva());
    metrics.watchJournal(journal);
    metrics.check(() -> jda.getStatus() == JDA.Status.CONNECTED ? Optional.empty()
        : Optional.of("the Discord gateway is " + jda.getStatus()));
    ExecutorService commands = Executors.newFixedThreadPool(COMMAND_THREADS,
        threads("relva-command"));
    try {
      SlashCommands.register(jda, guild, SlashCommands.from(runtime.catalog()),
          config.globalCommands(), link.requestTimeout());
    } catch (RuntimeException e) {
      commands.shutdownNow();
      runtime.stop();
      throw new StartException("could not register the slash commands (" + e.getMessage()
          + "). Was the bot invited with the applications.commands scope? Invite it again with "
          + inviteUrl(jda));
    }
    DeletedThreadListener deletions = new DeletedThreadListener(runtime.relva(),
        runtime.announcer(), commands);
    jda.addEventListener(deletions);
    jda.addEventListener(new ThreadWatch(runtime.relva(), threads, guild, lobby, operator,
        commands));
    jda.addEventListener(new InteractionListener(guildId,
        new Interactions(channels, config.moderatorRole()), commands, runtime::handle, outbox,
        metrics.interactions()));
    if (!runtime.relva().parties().isEmpty()) {
      // Discord went on while the bot was down: restored parties' threads may have been
      // archived, deleted or had their members changed. Off JDA's threads, as commands are.
      commands.execute(new RestoredThreads(runtime.relva(), guild, lobby, threads, deletions,
          link.requestTimeout(), operator)::checkAndLog);
    }
    ExecutorService voiceWorker = config.voice().on() ? startVoice(config, guild, runtime,
        outbox, operator, link.requestTimeout()) : null;
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
        threads("relva-tick"));
    long every = link.tick().toMillis();
    ticker.scheduleWithFixedDelay(() -> {
      tick(runtime);
      sweep(threads, runtime, link.orphanAge());
    }, every, every, TimeUnit.MILLISECONDS);
    LOG.info("Relva is up in {}: lobby #{}, {} commands ({}). Invite link: {}", guild.getName(),
        lobby.getName(), runtime.catalog().commands().size(),
        config.globalCommands() ? "global" : "this server only", inviteUrl(jda));
    DiscordBot bot = new DiscordBot(jda, runtime, outbox, commands, ticker,
        link.requestTimeout(), operator);
    bot.voiceWorker = voiceWorker;
    bot.metrics = metrics;
    return bot;
  }

  /** The one text channel named {@code name}. */
  static TextChannel lobby(Guild guild, String name) {
    List<TextChannel> found = guild.getTextChannelsByName(name, true);
    if (found.isEmpty()) {
      throw new StartException("RELVA_LOBBY: server " + guild.getName() + " has no text channel #"
          + name + " that the bot can see. Create it, or set RELVA_LOBBY to the name of the "
          + "channel where players queue.");
    }
    if (found.size() > 1) {
      throw new StartException("RELVA_LOBBY: server " + guild.getName() + " has " + found.size()
          + " text channels named #" + name + "; rename all but one.");
    }
    return found.get(0);
  }

  /** Which of {@link #LOBBY_PERMISSIONS} the bot's {@code self} lacks in {@code lobby}. */
  static List<Permission> missingPermissions(Member self, GuildChannel lobby) {
    return LOBBY_PERMISSIONS.stream().filter(p -> !self.hasPermission(lobby, p)).toList();
  }

  private static String describe(List<Permission> permissions) {
    return String.join(", ", permissions.stream().map(Permission::getName).toList());
  }

  static String inviteUrl(JDA jda) {
    return "https://discord.com/oauth2/authorize?client_id=" + jda.getSelfUser().getApplicationId()
        + "&scope=bot+applications.commands&permissions=" + Permission.getRaw(PERMISSIONS);
  }

  /**
   * Deletes party threads that no party owns and that are older than {@code orphanAge}; a failure
   * is logged and the next tick tries again.
   */
  static void sweep(ThreadPartyChannels threads, BotRuntime runtime, Duration orphanAge) {
    try {
      Relva relva = runtime.relva();
      Set<ChannelId> owned = relva.parties().stream().map(p -> relva.channel(p.id()))
          .flatMap(Optional::stream).collect(Collectors.toSet());
      threads.sweep(owned, Instant.now(), orphanAge);
    } catch (RuntimeException e) {
      LOG.error("Sweeping party threads failed", e);
    }
  }

  /** One tick; a failure is logged and the next tick still comes. */
  static void tick(BotRuntime runtime) {
    try {
      runtime.tick();
    } catch (RuntimeException e) {
      LOG.error("A tick failed", e);
    }
  }

  /** Stops the bot: no more ticks or commands, a notice in the lobby, JDA shut down. Idempotent. */
  void stop() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    LOG.info("Stopping");
    try {
      ticker.shutdownNow();
      ExecutorService voice = voiceWorker;
      if (voice != null) {
        voice.shutdown();
      }
      commands.shutdown();
      if (!commands.awaitTermination(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        commands.shutdownNow();
      }
      try {
        outbox.channel(runtime.lobby()).ifPresent(lobby -> lobby.sendMessage(
            DiscordOutbox.render(BotMessage.inChannel(runtime.lobby(), STOPPING_NOTICE)))
            .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).complete());
      } catch (RuntimeException e) {
        LOG.warn("Could not post the stopping notice in the lobby: {}", e.toString());
      }
      runtime.stop();
      metrics.close();
      jda.shutdown();
      if (!jda.awaitShutdown(requestTimeout)) {
        jda.shutdownNow();
      }
      LOG.info("Stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jda.shutdownNow();
    } finally {
      stopped.countDown();
    }
  }

  BotRuntime runtime() {
    return runtime;
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
      runtime.stop();
      metrics.close();
      stopped.countDown();
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Waits for JDA's first ready event, and reports a session Discord ends later. */
  private static final class Lifecycle extends ListenerAdapter {
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Consumer<ShutdownEvent> lost = event -> {};

    @Override
    public void onReady(ReadyEvent event) {
      ready.complete(null);
    }

    @Override
    public void onShutdown(ShutdownEvent event) {
      CloseCode code = event.getCloseCode();
      ready.completeExceptionally(new StartException(code == CloseCode.AUTHENTICATION_FAILED
          ? TOKEN_REFUSED
          : "Discord ended the session before it was ready (" + (code == null
              ? "code " + event.getCode() : code.getCode() + " " + code.getMeaning()) + ")."));
      lost.accept(event);
    }

    void whenLost(Consumer<ShutdownEvent> handler) {
      this.lost = requireNonNull(handler, "handler");
    }

    void awaitReady(Duration timeout) {
      try {
        ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new StartException("Discord did not finish connecting within "
            + timeout.toSeconds() + "s. Check the network, then start Relva again.");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof StartException ? (StartException) e.getCause()
            : new StartException("the connection to Discord failed (" + e.getCause() + ").");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartException("interrupted while connecting to Discord.");
      }
    }
  }

  // --- Team voice channels ---

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
  private static JDABuilder voiceStates(JDABuilder builder, BotConfig.Voice voice) {
    return voice.automove() ? builder.enableCache(CacheFlag.VOICE_STATE) : builder;
  }

  /**
   * Starts team voice channels: from now on, and at once a clean-up of the channels whose match
   * ended while the bot was down. Returns the worker that makes and deletes them.
   */
  private static ExecutorService startVoice(BotConfig config, Guild guild, BotRuntime runtime,
      DiscordOutbox outbox, OperatorLog operator, Duration requestTimeout) {
    ExecutorService worker = Executors.newSingleThreadExecutor(threads("relva-voice"));
    VoiceChannels voice = new VoiceChannels(guild, config.voice(), config.moderatorRole(),
        runtime.lobby(), outbox, operator, worker, requestTimeout);
    voice.attach(runtime.relva());
    voice.cleanUp(runtime.relva().openMatches().stream().map(m -> m.id())
        .collect(Collectors.toSet()));
    return worker;
  }
}
