package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.relva.store.RelvaStore;
import org.relva.store.ServerLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the bot keeps each server's state, and whether it may serve a server: one database
 * ({@code RELVA_DATA} or {@code RELVA_DATABASE_URL}), each server's state in a scope of its own
 * ({@link RelvaStore#scope}); with PostgreSQL, a lease a server ({@link ServerLeases}), since
 * other processes may share the database. A journal that is no database (the state in memory)
 * gives each server a journal that keeps nothing. This class is thread-safe.
 */
final class Storage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
  /** Who this process is, in a claim's owner row and in the message that fences it out. */
  static final String HOLDER = holder();
  /** How often a waiting lease is asked for again, and a held one checked. */
  static final Duration LEASE_RETRY = Duration.ofSeconds(2);

  private final StateJournal journal;
  private final @Nullable RelvaStore store;
  private final @Nullable ServerLeases leases;
  private final @Nullable ScheduledExecutorService leaseThread;

  private Storage(StateJournal journal, @Nullable RelvaStore store,
      @Nullable ServerLeases leases, @Nullable ScheduledExecutorService leaseThread) {
    this.journal = journal;
    this.store = store;
    this.leases = leases;
    this.leaseThread = leaseThread;
  }

  /**
   * The storage of {@code journal}, as {@code config} opened it: with leases when it is a
   * PostgreSQL database.
   *
   * @throws StorageException if the leases' connection cannot be opened
   */
  static Storage of(BotConfig config, StateJournal journal) {
    requireNonNull(journal, "journal");
    if (!(journal instanceof RelvaStore store)) {
      return new Storage(journal, null, null, null);
    }
    BotConfig.Storage settings = config.storage();
    if (settings.databaseUrl().isEmpty()) {
      return new Storage(journal, store, null, null);
    }
    ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
        DiscordBot.threads("relva-leases"));
    try {
      ServerLeases leases = RelvaStore.serverLeases(settings.databaseUrl().get(),
          settings.user().orElse(""), settings.password().orElse(""), thread, LEASE_RETRY);
      return new Storage(journal, store, leases, thread);
    } catch (RuntimeException e) {
      thread.shutdownNow();
      throw e;
    }
  }

  /**
   * Readies the database for serving {@code guild} (or, when empty, every server the bot is
   * in): a database from before Relva served many servers holds its one server's state outside
   * any server's scope; serving that server ({@code RELVA_GUILD_ID}) moves it into the server's
   * scope, and serving every server refuses to start until that is done, so nothing is ignored.
   *
   * @throws DiscordBot.StartException if many servers are to be served and old state waits
   * @throws StorageException if the database cannot be read or written
   */
  void prepare(Optional<String> guild) {
    if (store == null) {
      return;
    }
    if (guild.isPresent()) {
      int moved = store.adoptDefaultScope(guild.get());
      if (moved > 0) {
        LOG.info("Moved {} entries of the state kept before Relva served many servers into "
            + "server {}'s place", moved, guild.get());
      }
    } else if (store.hasDefaultScopeState()) {
      throw new DiscordBot.StartException("RELVA_GUILD_ID: the database holds the state of the "
          + "one server an earlier Relva served, kept from before Relva served many servers. "
          + "Start once with RELVA_GUILD_ID set to that server's id, which moves its state into "
          + "that server's place; from then on RELVA_GUILD_ID may be left unset.");
    }
  }

  private static String holder() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown host";
    }
    return "Relva process " + ProcessHandle.current().pid() + " on " + host;
  }

  /** Whether other processes may share the database, so servers are leased. */
  boolean leased() {
    return leases != null;
  }

  /** Whether what the bot commits survives a restart. */
  boolean durable() {
    return journal.isDurable();
  }

  /**
   * The journal of server {@code guildId}'s state: its scope, claimed for this process, so that
   * once another process (or this one's engine started anew) has claimed it, late commits fail
   * and write nothing (closing the journal ends the claim).
   */
  StateJournal journalFor(String guildId) {
    if (store == null) {
      return StateJournal.none();
    }
    // Claimed with SQLite too: a runtime replaced after /setup can no longer commit.
    return store.claimScope(guildId, HOLDER);
  }

  /**
   * Told when a server's journal is fenced out (another process, or an operator, took its scope):
   * the bot must stop serving it and ask for its lease anew, or the server stays broken.
   */
  void onFencedOut(BiConsumer<String, StorageException> listener) {
    requireNonNull(listener, "listener");
    if (store != null) {
      store.onFencedOut(listener::accept);
    }
  }

  /** The setup server {@code guildId} keeps, read without claiming its scope. */
  ServerSetup setupOf(String guildId) {
    return store == null ? ServerSetup.none() : BotRuntime.readSetup(store.scope(guildId));
  }

  /**
   * Asks for the right to serve {@code guildId}: a future that completes once this process
   * holds it; at once (completed) without leases, or when no other process holds it.
   */
  CompletableFuture<Void> acquire(String guildId) {
    if (leases == null) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      if (leases.tryAcquire(guildId)) {
        return CompletableFuture.completedFuture(null);
      }
    } catch (StorageException e) {
      // The database cannot be reached (a lease lost with its connection, say): the waiting
      // request below goes on trying until it can.
    }
    return leases.acquire(guildId);
  }

  /** Whether this process may serve {@code guildId} now. */
  boolean holds(String guildId) {
    return leases == null || leases.held().contains(guildId);
  }

  /** Gives up the right to serve {@code guildId}, so another process may take it. */
  void release(String guildId) {
    if (leases != null) {
      try {
        leases.release(guildId);
      } catch (StorageException e) {
        // The lock connection is gone, and the lease with it.
      }
    }
  }

  /** Told when leases are lost without the bot's asking; see {@link ServerLeases#onLost}. */
  void onLost(BiConsumer<Set<String>, StorageException> listener) {
    if (leases != null) {
      leases.onLost(listener::accept);
    }
  }

  /** Releases every lease, so other processes may take the servers over at once. */
  void closeLeases() {
    if (leases != null) {
      leases.close();
    }
    if (leaseThread != null) {
      leaseThread.shutdownNow();
    }
  }

  /** Releases the leases and closes the database. */
  @Override
  public void close() {
    closeLeases();
    journal.close();
  }
}
