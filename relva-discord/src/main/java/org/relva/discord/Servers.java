package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.channel.GenericChannelEvent;
import net.dv8tion.jda.api.events.guild.GenericGuildEvent;
import net.dv8tion.jda.api.events.guild.GuildAvailableEvent;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildLeaveEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.guild.override.GenericPermissionOverrideEvent;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.events.role.GenericRoleEvent;
import net.dv8tion.jda.api.events.thread.GenericThreadEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.jspecify.annotations.Nullable;
import org.relva.core.model.UserId;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers a bot process serves, and the one place Discord's events are routed by server: it
 * starts a {@link GuildBot} for each server it may serve (the guild became ready or joined, this
 * process holds its lease), hands each event of a served server to that server's bot only, stops
 * a server's bot when the bot leaves the server or the lease is lost, and answers the commands of
 * a server it does not serve with the reason. Starting and stopping run on one thread of their
 * own, one at a time, never on JDA's; a server not set up for Relva is tried again each tick.
 *
 * <p>This class is thread-safe.
 */
final class Servers implements EventListener {
  private static final Logger LOG = LoggerFactory.getLogger(Servers.class);
  static final String WAITING = "Relva is moving this server from one of its processes to "
      + "another; try again in a few seconds.";
  static final String STARTING = "Relva is starting in this server; try again in a few seconds.";
  static final String NOT_HOME = "Relva runs in its own server only.";

  private final BotConfig config;
  /** The one server to serve ({@code RELVA_GUILD_ID}), if set. */
  private final java.util.OptionalLong only;
  private final Storage storage;
  private final GuildBot.Shared shared;
  private final OperatorLog operator;
  private final Map<Long, GuildBot> served = new ConcurrentHashMap<>();
  /** Why a server this process wants is not served: starting, waiting, or what to fix. */
  private final Map<Long, String> why = new ConcurrentHashMap<>();
  /** Servers not set up for Relva, tried again each tick, with the shard that holds them. */
  private final Map<Long, JDA> retry = new ConcurrentHashMap<>();
  /** The servers whose slash commands this process registered (or cleared, when global). */
  private final java.util.Set<Long> commandsIn = ConcurrentHashMap.newKeySet();
  /** Each wanted server's first attempt, for start-up to wait on. */
  private final Map<Long, CompletableFuture<Void>> settled = new ConcurrentHashMap<>();
  /** Each server's live queue messages, kept when its engine starts anew after /setup. */
  private final Map<Long, Map<String, String>> boards = new ConcurrentHashMap<>();
  /** What went wrong starting a server, in the operator's words (start-up prints it). */
  private final Map<Long, String> failures = new ConcurrentHashMap<>();
  /** The servers with a retry queued on the lifecycle thread: one at a time each. */
  private final java.util.Set<Long> retrying = ConcurrentHashMap.newKeySet();
  private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(
      DiscordBot.threads("relva-servers"));
  /** Set once {@link #stopAll} begins: nothing starts, and with leases nobody is answered. */
  private volatile boolean stopping;

  Servers(BotConfig config, Storage storage, GuildBot.Shared shared) {
    this.config = requireNonNull(config, "config");
    this.only = config.guildId().map(id -> java.util.OptionalLong.of(Long.parseUnsignedLong(id)))
        .orElse(java.util.OptionalLong.empty());
    this.storage = requireNonNull(storage, "storage");
    this.shared = requireNonNull(shared, "shared");
    this.operator = shared.operator();
    storage.onLost((ids, failure) -> ids.forEach(id -> lost(Long.parseUnsignedLong(id),
        failure)));
    storage.onFencedOut((id, failure) -> lost(Long.parseUnsignedLong(id), failure));
  }

  @Override
  public void onEvent(GenericEvent event) {
    if (event instanceof GuildReadyEvent ready) {
      wanted(ready.getJDA(), ready.getGuild().getIdLong(), false);
    } else if (event instanceof GuildAvailableEvent available) {
      // Unavailable at READY (or marked so when its setup timed out), and back now.
      wanted(available.getJDA(), available.getGuild().getIdLong(), false);
    } else if (event instanceof GuildJoinEvent joined) {
      wanted(joined.getJDA(), joined.getGuild().getIdLong(), true);
    } else if (event instanceof GuildLeaveEvent left) {
      left(left.getGuild().getIdLong());
    } else {
      Guild guild = guildOf(event);
      if (guild == null) {
        return;
      }
      GuildBot bot = served.get(guild.getIdLong());
      if (bot != null) {
        bot.onEvent(event);
      } else if (event instanceof GenericInteractionCreateEvent interaction
          && event instanceof IReplyCallback reply) {
        refuse(interaction, reply, guild.getIdLong());
      }
    }
  }

  /** The server an event is about, if it is one this class routes. */
  private static @Nullable Guild guildOf(GenericEvent event) {
    if (event instanceof GenericInteractionCreateEvent interaction) {
      return interaction.getGuild();
    }
    if (event instanceof GenericChannelEvent channel) {
      return channel.isFromGuild() ? channel.getGuild() : null;
    }
    if (event instanceof GenericGuildEvent guild) {
      return guild.getGuild();
    }
    if (event instanceof GenericRoleEvent role) {
      return role.getGuild();
    }
    if (event instanceof GenericPermissionOverrideEvent override) {
      return override.getGuild();
    }
    if (event instanceof GenericThreadEvent thread) {
      return thread.getGuild();
    }
    return null;
  }

  private void refuse(GenericInteractionCreateEvent interaction, IReplyCallback reply,
      long guildId) {
    String text = home(guildId) ? why.getOrDefault(guildId, STARTING) : NOT_HOME;
    if (text.equals(WAITING) || (stopping && storage.leased())) {
      // Another process serves the server (or is about to) and answers: a second answer would
      // be refused, and could take the interaction from it.
      return;
    }
    UserId user = UserId.of(Long.toUnsignedString(interaction.getUser().getIdLong()));
    reply.reply(DiscordOutbox.render(BotMessage.refusal(user, text))).setEphemeral(true)
        .queue(ok -> { }, failure -> LOG.debug("Could not refuse an interaction: {}",
            failure.toString()));
  }

  /** Whether this process serves {@code guildId} when it may: the one set, or any. */
  private boolean home(long guildId) {
    return only.isEmpty() || only.getAsLong() == guildId;
  }

  /**
   * Server {@code guildId}, held by shard {@code jda}, is there to serve (on JDA's thread: the
   * rest, which asks the database, runs on the lifecycle thread). Noted at once, so that
   * start-up, which waits for the shards' ready events, waits for it too.
   */
  private void wanted(JDA jda, long guildId, boolean joined) {
    if (home(guildId)) {
      settled.computeIfAbsent(guildId, id -> new CompletableFuture<>());
      why.putIfAbsent(guildId, STARTING);
      submit(() -> want(jda, guildId, joined));
    }
  }

  /**
   * Server {@code guildId}, held by shard {@code jda}, is there to serve: once this process
   * may (its lease), it starts serving it. {@code joined}: the bot was just invited to it.
   */
  private void want(JDA jda, long guildId, boolean joined) {
    if (served.containsKey(guildId)) {
      return;
    }
    CompletableFuture<Void> first = settled.computeIfAbsent(guildId,
        id -> new CompletableFuture<>());
    String id = Long.toUnsignedString(guildId);
    CompletableFuture<Void> lease;
    try {
      lease = storage.acquire(id);
    } catch (StorageException e) {
      why.put(guildId, "Relva cannot reach its database; try again in a minute.");
      operator.alert("Server " + id + ": cannot ask for its lease (" + e.getMessage() + ")");
      first.complete(null);
      return;
    }
    if (!lease.isDone()) {
      why.put(guildId, WAITING);
      LOG.info("Server {} is served by another process; waiting to take it over", id);
      first.complete(null); // start-up does not wait for another process
    }
    lease.thenRun(() -> {
      why.put(guildId, STARTING); // this process answers from now on
      submit(() -> serve(jda, guildId, joined));
    });
  }

  private void submit(Runnable task) {
    try {
      lifecycle.execute(task);
    } catch (RejectedExecutionException e) {
      // Stopping: nothing more starts.
    }
  }

  /** Starts serving {@code guildId}; on the lifecycle thread. */
  private void serve(JDA jda, long guildId, boolean joined) {
    serve(jda, guildId, joined, false);
  }

  /** As above; {@code restarting}: anew with a new setup, so nothing is said of a return. */
  private void serve(JDA jda, long guildId, boolean joined, boolean restarting) {
    String id = Long.toUnsignedString(guildId);
    try {
      Guild guild = jda.getGuildById(guildId);
      if (guild == null || served.containsKey(guildId)) {
        if (guild == null) {
          storage.release(id); // left meanwhile
          why.remove(guildId);
        }
        return;
      }
      if (!storage.holds(id)) {
        return; // lost meanwhile; the loss asked for it again
      }
      StateJournal journal = null;
      try {
        // Read, and checked against Discord, before the server's scope is claimed: a server not
        // set up is tried every tick, and a claim is a write.
        ServerSetup setup = storage.setupOf(id);
        ServerSetup.ServerConfig server = setup.applyOrBase(config);
        try {
          GuildBot.checkSetUp(server, guild);
        } catch (DiscordBot.StartException e) {
          if (config.guildId().isEmpty()) {
            // The bot goes on: its commands tell the server's members what is missing.
            registerCommands(guild, server);
          }
          throw e;
        }
        registerCommands(guild, server);
        journal = storage.journalFor(id);
        ServerSetup claimed = BotRuntime.readSetup(journal); // as committed before the claim
        if (!claimed.equals(setup)) {
          setup = claimed;
          server = claimed.applyOrBase(config);
        }
        GuildBot bot = GuildBot.start(config, setup, server, guild, journal, shared, restarting,
            boards.computeIfAbsent(guildId, g -> new ConcurrentHashMap<>()));
        journal = null; // the bot's runtime owns it now
        bot.runtime().checkSetups(next -> {
          Guild now = jda.getGuildById(guildId);
          try {
            GuildBot.checkSetUp(next, now == null ? guild : now);
          } catch (DiscordBot.StartException e) {
            throw new BotConfig.ConfigException(e.getMessage());
          }
        });
        // Applied before /setup answers, so the admin's next command meets the new setup.
        bot.runtime().onSetup(next -> awaitRestart(guildId));
        served.put(guildId, bot);
        why.remove(guildId);
        retry.remove(guildId);
        failures.remove(guildId);
        if (joined) {
          welcome(guild, Optional.empty());
        }
      } catch (DiscordBot.StartException | BotConfig.ConfigException e) {
        failures.put(guildId, e.getMessage());
        String before = why.put(guildId, "Relva is not set up in this server yet: "
            + e.getMessage());
        retry.put(guildId, jda);
        if (before == null || !before.endsWith(e.getMessage())) {
          operator.alert("Server " + guild.getName() + " (" + id + ") is not served: "
              + e.getMessage());
        }
        if (joined) {
          welcome(guild, Optional.of(e.getMessage()));
        }
      } catch (RuntimeException e) {
        // The database, or a state that does not restore: the operator must look.
        why.put(guildId, "Relva cannot load this server's state; the operator has been told.");
        retry.put(guildId, jda);
        String before = failures.put(guildId, String.valueOf(e.getMessage()));
        if (!String.valueOf(e.getMessage()).equals(before)) {
          LOG.error("Server {} ({}) could not start", guild.getName(), id, e);
          operator.alert("Server " + guild.getName() + " (" + id + "): its state cannot be "
              + "loaded (" + e.getMessage() + ")");
        }
      } finally {
        if (journal != null) {
          journal.close(); // not served: a claim of its scope ends
        }
      }
    } finally {
      settled.computeIfAbsent(guildId, g -> new CompletableFuture<>()).complete(null);
    }
  }

  /** {@link #restart}, waited for (at most a few requests' time); on a command's thread. */
  private void awaitRestart(long guildId) {
    try {
      restart(guildId).get(shared.link().requestTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      LOG.warn("Serving server {} anew with its new setup took long or failed: {}",
          Long.toUnsignedString(guildId), e.toString());
    }
  }

  /**
   * Server {@code guildId}'s setup changed: serve it anew with it (its state stays in the
   * database; its commands are registered again, as their choices may have changed).
   */
  private java.util.concurrent.Future<?> restart(long guildId) {
    return lifecycle.submit(() -> {
      if (stopServing(guildId, Optional.empty())) {
        commandsIn.remove(guildId);
        guild(guildId).ifPresent(guild -> serve(guild.getJDA(), guildId, false, true));
      }
    });
  }

  /** Registers the slash commands in {@code guild} once a process (none when global). */
  private void registerCommands(Guild guild, ServerSetup.ServerConfig server) {
    if (commandsIn.add(guild.getIdLong())) {
      try {
        GuildBot.registerCommands(server, guild, shared.link().requestTimeout());
      } catch (RuntimeException e) {
        commandsIn.remove(guild.getIdLong());
        throw e;
      }
    }
  }

  /**
   * Tells whoever invited the bot, in the server's system channel (where Discord announces new
   * members), that Relva is set up with the defaults, or what to fix first.
   */
  private void welcome(Guild guild, Optional<String> problem) {
    TextChannel channel = guild.getSystemChannel();
    if (channel == null || !channel.canTalk()) {
      LOG.info("Joined {} ({}), which has no system channel the bot may write in", guild.getName(),
          guild.getId());
      return;
    }
    String text = "Relva is here, set up with the defaults: players queue in #" + config.lobby()
        + " (regions " + config.regions().describe() + ", " + Wording.format(config.format())
        + "). " + problem.map(p -> "Before it can start: " + p + " Relva starts by itself once "
            + "that is done.").orElse("Type /help there to start.");
    channel.sendMessage(text).queue(ok -> { }, failure -> LOG.info(
        "Could not welcome {}: {}", guild.getId(), failure.toString()));
  }

  /** The bot left server {@code guildId}: stop serving it; its state stays in the database. */
  private void left(long guildId) {
    submit(() -> {
      String id = Long.toUnsignedString(guildId);
      if (stopServing(guildId, Optional.empty())) {
        LOG.info("Left server {}; its state is kept", id);
      }
      why.remove(guildId);
      boards.remove(guildId);
      storage.release(id);
    });
  }

  /** The lease of {@code guildId} is gone: stop serving it at once, and wait for it anew. */
  private void lost(long guildId, StorageException failure) {
    submit(() -> {
      stopServing(guildId, Optional.empty());
      LOG.warn("Lost the lease of server {} ({}); stopped serving it",
          Long.toUnsignedString(guildId), failure.getMessage());
      why.put(guildId, WAITING);
      guild(guildId).ifPresent(guild -> want(guild.getJDA(), guildId, false));
    });
  }

  /**
   * Stops serving {@code guildId} (with {@code notice} in its lobby, if given) and its retries;
   * returns whether it was served.
   */
  private boolean stopServing(long guildId, Optional<String> notice) {
    retry.remove(guildId);
    GuildBot bot = served.remove(guildId);
    if (bot != null) {
      bot.stop(notice);
    }
    return bot != null;
  }

  /** Server {@code guildId} as its shard holds it now, once connected. */
  private Optional<Guild> guild(long guildId) {
    ShardManager manager = shards;
    return Optional.ofNullable(manager == null ? null : manager.getGuildById(guildId));
  }

  private volatile @Nullable ShardManager shards;

  /** The shard manager, once connected: to find a server's shard again after a lost lease. */
  void connected(ShardManager shards) {
    this.shards = shards;
  }

  /**
   * Waits until each server wanted so far has been tried once, or is waiting for another
   * process. With {@code RELVA_GUILD_ID}, fails if that server cannot be served.
   *
   * @throws DiscordBot.StartException with the reason, for the one server set
   */
  void awaitSettled(Duration timeout) {
    if (only.isPresent() && !settled.containsKey(only.getAsLong())) {
      // Every shard is ready, and a server is ready before its shard: the bot is not in it.
      throw notAMember();
    }
    List<CompletableFuture<Void>> all = only.isPresent() ? List.of(settled.get(only.getAsLong()))
        : new ArrayList<>(settled.values());
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (only.isEmpty()) {
        // Many servers start one after another; the rest go on starting as the bot runs.
        LOG.warn("Not every server started within {}s; the rest start meanwhile",
            timeout.toSeconds());
        return;
      }
      throw new DiscordBot.StartException("server " + config.guildId().get() + " did not start "
          + "within " + timeout.toSeconds() + "s.");
    } catch (ExecutionException e) {
      throw new DiscordBot.StartException("a server failed to start (" + e.getCause() + ").");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiscordBot.StartException("interrupted while starting.");
    }
    if (only.isEmpty() || served.containsKey(only.getAsLong())
        || WAITING.equals(why.get(only.getAsLong()))) {
      return;
    }
    String problem = failures.get(only.getAsLong());
    if (problem == null) {
      throw notAMember();
    }
    throw new DiscordBot.StartException(problem);
  }

  private DiscordBot.StartException notAMember() {
    ShardManager manager = shards;
    return new DiscordBot.StartException("RELVA_GUILD_ID: the bot is not a member of server "
        + config.guildId().orElseThrow() + ". Invite it with " + (manager == null
            ? "its invite link" : DiscordBot.inviteUrl(manager.getShards().get(0)))
        + " (or check the id: Developer Mode, then right-click the server, Copy Server ID).");
  }


  /** Ticks every served server, and tries again those not set up. */
  void tick(Duration orphanAge) {
    for (GuildBot bot : served.values()) {
      bot.tick(orphanAge);
    }
    retry.forEach((guildId, jda) -> {
      if (retrying.add(guildId)) {
        submit(() -> {
          retrying.remove(guildId);
          if (retry.containsKey(guildId)) {
            serve(jda, guildId, false);
          }
        });
      }
    });
  }

  /** The servers served now. */
  List<GuildBot> served() {
    return List.copyOf(served.values());
  }

  /** Server {@code guildId}'s bot, if it is served now. */
  Optional<GuildBot> bot(long guildId) {
    return Optional.ofNullable(served.get(guildId));
  }

  /**
   * Stops serving every server, each with {@code notice} in its lobby if given (not when another
   * process takes them over). Nothing starts after this.
   */
  void stopAll(Optional<String> notice) {
    stopping = true;
    lifecycle.shutdownNow(); // what was queued (starts, retries) is dropped; what runs finishes
    try {
      if (!lifecycle.awaitTermination(shared.link().requestTimeout().toMillis() * 2,
          TimeUnit.MILLISECONDS)) {
        lifecycle.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lifecycle.shutdownNow();
    }
    for (Long guildId : List.copyOf(served.keySet())) {
      stopServing(guildId, notice);
    }
    retry.clear();
  }
}
