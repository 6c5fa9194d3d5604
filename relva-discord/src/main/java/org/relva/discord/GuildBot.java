package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.jspecify.annotations.Nullable;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.store.StateJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Discord server the bot serves: its lobby, its party threads, its {@link BotRuntime} (the
 * core, matchmaking and ratings, on the server's own journal), the listeners of its events, its
 * team voice channels and its meters. {@link DiscordBot} starts one for each server it may serve
 * and stops it when it may no longer (the bot left the server, or another process took it over),
 * so nothing of one server ever reaches another's: each has its own state, and Discord's events
 * reach a server's listeners only (the bot routes them by server).
 *
 * <p>This class is thread-safe.
 */
final class GuildBot {
  private static final Logger LOG = LoggerFactory.getLogger(GuildBot.class);

  /** What the bot itself must have in a lobby (Use Application Commands is for members). */
  static final Set<Permission> LOBBY_PERMISSIONS = java.util.EnumSet.of(Permission.VIEW_CHANNEL,
      Permission.MESSAGE_SEND, Permission.CREATE_PRIVATE_THREADS,
      Permission.MESSAGE_SEND_IN_THREADS, Permission.MANAGE_THREADS,
      Permission.MESSAGE_EMBED_LINKS);

  /**
   * What every server's bot shares with the others of the process: where commands run, where
   * matchmaking passes run, what the operator is told, the meters and Discord's link.
   */
  record Shared(DiscordBot.Link link, ExecutorService commands, Executor passes,
      OperatorLog operator, BotMetrics metrics) {
    Shared {
      requireNonNull(link, "link");
      requireNonNull(commands, "commands");
      requireNonNull(passes, "passes");
      requireNonNull(operator, "operator");
      requireNonNull(metrics, "metrics");
    }
  }

  private final long guildId;
  private final BotRuntime runtime;
  private final ThreadPartyChannels threads;
  private final DiscordOutbox outbox;
  private final List<ListenerAdapter> listeners;
  private final @Nullable ExecutorService voiceWorker;
  private final AutoCloseable meters;
  private final Duration requestTimeout;

  private GuildBot(long guildId, BotRuntime runtime, ThreadPartyChannels threads,
      DiscordOutbox outbox, List<ListenerAdapter> listeners, @Nullable ExecutorService voiceWorker,
      AutoCloseable meters, Duration requestTimeout) {
    this.guildId = guildId;
    this.runtime = runtime;
    this.threads = threads;
    this.outbox = outbox;
    this.listeners = List.copyOf(listeners);
    this.voiceWorker = voiceWorker;
    this.meters = meters;
    this.requestTimeout = requestTimeout;
  }

  /**
   * Starts serving {@code guild} with {@code config}, its state in (and first restored from)
   * {@code journal}: checks its lobby, starts its runtime, puts right the threads of restored
   * parties and starts its voice channels. Its slash commands are registered before
   * ({@link #registerCommands}).
   *
   * @throws DiscordBot.StartException if the server is not set up for Relva (no lobby, a missing
   *     permission, voice settings that do not fit it); the message says what to fix, and nothing
   *     was left running
   */
  static GuildBot start(BotConfig base, ServerSetup setup, ServerSetup.ServerConfig server,
      Guild guild, StateJournal journal, Shared shared, boolean restarting,
      Map<String, String> boards) {
    BotConfig config = server.main();
    TextChannel lobby = checkSetUp(server, guild);
    Map<String, ChannelId> others = new HashMap<>();
    for (ServerSetup.ServerConfig.Queue queue : server.others()) {
      others.put(lobby(guild, queue.config().lobby()).getId(),
          ChannelId.of(queue.config().lobby()));
    }
    Duration timeout = shared.link().requestTimeout();
    ChannelMap channels = new ChannelMap(lobby.getId(), ChannelId.of(config.lobby()), others);
    DiscordOutbox outbox = new DiscordOutbox(guild, channels, boards);
    ThreadPartyChannels threads = new ThreadPartyChannels(lobby, guild, timeout,
        shared.operator());
    BotRuntime runtime = BotRuntime.start(base, setup, server, threads, Clock.systemUTC(),
        new SecureRandom(), outbox, journal, shared.passes(), true, !restarting);
    String id = guild.getId();
    AutoCloseable meters = () -> { };
    try {
      meters = shared.metrics().bind(runtime.relva(), id);
      return wire(config, guild, lobby, channels, outbox, threads, runtime, meters, shared);
    } catch (RuntimeException e) {
      close(meters); // nothing of a server that did not start stays running
      runtime.stop();
      throw e;
    }
  }

  private static GuildBot wire(BotConfig config, Guild guild, TextChannel lobby,
      ChannelMap channels, DiscordOutbox outbox, ThreadPartyChannels threads, BotRuntime runtime,
      AutoCloseable meters, Shared shared) {
    String id = guild.getId();
    Duration timeout = shared.link().requestTimeout();
    ExecutorService commands = shared.commands();
    DeletedThreadListener deletions = new DeletedThreadListener(runtime.relva(),
        runtime.announcer(), commands);
    List<ListenerAdapter> listeners = List.of(deletions,
        new ThreadWatch(runtime.relva(), threads, guild, lobby, shared.operator(), commands),
        new InteractionListener(guild.getIdLong(),
            new Interactions(channels, config.moderatorRole()), commands, runtime::handle,
            outbox, shared.metrics().interactions(id)));
    if (!runtime.relva().parties().isEmpty()) {
      // Discord went on while the bot was down: restored parties' threads may have been
      // archived, deleted or had their members changed. Off JDA's threads, as commands are.
      commands.execute(new RestoredThreads(runtime.relva(), guild, lobby, threads, deletions,
          timeout, shared.operator())::checkAndLog);
    }
    ExecutorService voiceWorker = config.voice().on()
        ? startVoice(config, guild, runtime, outbox, shared.operator(), timeout) : null;
    LOG.info("Serving {} ({}): lobby #{}, {} commands ({})", guild.getName(), id,
        lobby.getName(), runtime.catalog().commands().size(),
        config.globalCommands() ? "global" : "this server only");
    return new GuildBot(guild.getIdLong(), runtime, threads, outbox, listeners, voiceWorker,
        meters, timeout);
  }

  /**
   * Registers {@code config}'s slash commands in {@code guild} (none when they are global), so
   * that its members can use them, and be told what is missing while it is not set up.
   *
   * @throws DiscordBot.StartException if Discord refuses; the message says how to invite the bot
   */
  static void registerCommands(ServerSetup.ServerConfig server, Guild guild, Duration timeout) {
    try {
      SlashCommands.registerIn(guild, SlashCommands.from(CommandCatalog.of(
          BotRuntime.regionsOf(server.relvaConfig()))), server.main().globalCommands(), timeout);
    } catch (RuntimeException e) {
      throw new DiscordBot.StartException("could not register the slash commands in server "
          + guild.getName() + " (" + e.getMessage() + "). Was the bot invited with the "
          + "applications.commands scope? Invite it again with "
          + DiscordBot.inviteUrl(guild.getJDA()));
    }
  }

  /**
   * Whether {@code guild} is set up for Relva: its lobby, with every permission the bot needs
   * there, and the voice settings' channels. Returns the lobby.
   *
   * @throws DiscordBot.StartException if not; the message says what to fix
   */
  static TextChannel checkSetUp(ServerSetup.ServerConfig server, Guild guild) {
    BotConfig config = server.main();
    TextChannel lobby = checkLobby(guild, config.lobby(), "");
    for (ServerSetup.ServerConfig.Queue queue : server.others()) {
      checkLobby(guild, queue.config().lobby(), "queue " + queue.id().value() + "'s ");
    }
    if (config.voice().on()) {
      VoiceChannels.check(guild, config.voice());
    }
    return lobby;
  }

  private static TextChannel checkLobby(Guild guild, String name, String whose) {
    TextChannel lobby;
    try {
      lobby = lobby(guild, name);
    } catch (DiscordBot.StartException e) {
      throw whose.isEmpty() ? e : new DiscordBot.StartException(whose + e.getMessage());
    }
    List<Permission> missing = missingPermissions(guild.getSelfMember(), lobby);
    if (!missing.isEmpty()) {
      throw new DiscordBot.StartException(whose + "RELVA_LOBBY: the bot lacks "
          + describe(missing) + " in #" + lobby.getName() + " of server " + guild.getName()
          + ". Grant them to its role (Server Settings, Roles) or in the channel's permissions.");
    }
    return lobby;
  }

  /** The one text channel named {@code name}. */
  static TextChannel lobby(Guild guild, String name) {
    List<TextChannel> found = guild.getTextChannelsByName(name, true);
    if (found.isEmpty()) {
      throw new DiscordBot.StartException("RELVA_LOBBY: server " + guild.getName()
          + " has no text channel #" + name + " that the bot can see. Create it, or set "
          + "RELVA_LOBBY to the name of the channel where players queue.");
    }
    if (found.size() > 1) {
      throw new DiscordBot.StartException("RELVA_LOBBY: server " + guild.getName() + " has "
          + found.size() + " text channels named #" + name + "; rename all but one.");
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

  long guildId() {
    return guildId;
  }

  BotRuntime runtime() {
    return runtime;
  }

  /** Hands {@code event}, one of this server's, to its listeners. */
  void onEvent(GenericEvent event) {
    for (ListenerAdapter listener : listeners) {
      listener.onEvent(event);
    }
  }

  /**
   * One tick: the runtime's deadlines, then the party threads no party owns and older than
   * {@code orphanAge} deleted. A failure is logged and the next tick still comes.
   */
  void tick(Duration orphanAge) {
    try {
      runtime.tick();
    } catch (RuntimeException e) {
      LOG.error("A tick of server {} failed", Long.toUnsignedString(guildId), e);
    }
    try {
      Relva relva = runtime.relva();
      Set<ChannelId> owned = relva.parties().stream().map(p -> relva.channel(p.id()))
          .flatMap(Optional::stream).collect(Collectors.toSet());
      threads.sweep(owned, Instant.now(), orphanAge);
    } catch (RuntimeException e) {
      LOG.error("Sweeping the party threads of server {} failed", Long.toUnsignedString(guildId),
          e);
    }
  }

  /**
   * Stops serving the server: its voice channels' worker, a notice in the lobby if
   * {@code notice} is given, its runtime (which closes its journal) and its meters.
   */
  void stop(Optional<String> notice) {
    ExecutorService voice = voiceWorker;
    if (voice != null) {
      voice.shutdown();
    }
    notice.ifPresent(text -> {
      try {
        outbox.channel(runtime.lobby()).ifPresent(lobby -> lobby.sendMessage(
            DiscordOutbox.render(BotMessage.inChannel(runtime.lobby(), text)))
            .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).complete());
      } catch (RuntimeException e) {
        LOG.warn("Could not post the stopping notice in the lobby of server {}: {}",
            Long.toUnsignedString(guildId), e.toString());
      }
    });
    runtime.stop();
    close(meters);
  }

  private static void close(AutoCloseable meters) {
    try {
      meters.close();
    } catch (Exception e) {
      LOG.debug("Removing a server's meters failed", e);
    }
  }

  /**
   * Starts team voice channels: from now on, and at once a clean-up of the channels whose match
   * ended while the bot was down. Returns the worker that makes and deletes them.
   */
  private static ExecutorService startVoice(BotConfig config, Guild guild, BotRuntime runtime,
      DiscordOutbox outbox, OperatorLog operator, Duration requestTimeout) {
    ExecutorService worker = Executors.newSingleThreadExecutor(
        DiscordBot.threads("relva-voice-" + guild.getId()));
    VoiceChannels voice = new VoiceChannels(guild, config.voice(), config.moderatorRole(),
        runtime.lobby(), outbox, operator, worker, requestTimeout);
    voice.attach(runtime.relva());
    voice.cleanUp(runtime.relva().openMatches().stream().map(m -> m.id())
        .collect(Collectors.toSet()));
    return worker;
  }
}
