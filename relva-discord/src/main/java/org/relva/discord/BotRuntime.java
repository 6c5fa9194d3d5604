package org.relva.discord;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.MoreExecutors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.relva.core.Outcome;
import org.relva.core.PartyChannels;
import org.relva.core.QueueSpec;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaStores;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;
import org.relva.core.model.UserId;
import org.relva.core.store.StateJournal;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.QueueDaemon;
import org.relva.matchmaking.TeamChoice;
import org.relva.matchmaking.analytics.QueueAnalytics;
import org.relva.matchmaking.rating.Rating;
import org.relva.matchmaking.stats.PlayerStats;
import org.relva.matchmaking.stats.RatingBook;
import org.relva.matchmaking.stats.RatingKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything behind the bot, wired once for any front end: the core, the queue daemon, the
 * analytics, the rating book, the command layer and the announcer. The console and the Discord
 * adapter each give it their channel port, their clock and their outbox.
 *
 * <p>The rating book is built before the core, which reads it in a captains' draft, and
 * subscribes before the announcer, so a result's announcement shows the new ratings. The
 * console's matchmaking passes run in step with its commands; the bot's run on a matchmaking
 * thread of their own, and its commands run off JDA's threads, so neither ever runs on a gateway
 * thread.
 */
final class BotRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(BotRuntime.class);
  private final Relva relva;
  /** The core's stores, for tests that check its invariants end to end. */
  private final RelvaStores stores;
  /** One a queue, the default queue's first. */
  private final List<QueueDaemon> daemons;
  /** Each queue's. */
  private final Map<QueueId, QueueAnalytics> analytics;
  private final RatingBook book;
  private final CommandLayer commands;
  private final CommandCatalog catalog;
  private final Announcer announcer;
  private final Consumer<BotMessage> outbox;
  /** Where the state is kept; the runtime closes it when it stops. */
  private final StateJournal journal;
  /** Each queue's live queue message, with {@code RELVA_LIVE_QUEUE}. */
  private final List<LiveQueue> liveQueues;
  /** Display names of everyone the bot has seen, for boards that hold only ids. */
  private final Map<UserId, String> names = new ConcurrentHashMap<>();
  /** The operator's settings, which the server's setup is read over. */
  private final BotConfig base;
  /** The server's setup, as {@code /setup} last saved it. */
  private volatile ServerSetup setup;
  /** Told of each setup saved, to apply it: the owner starts the runtime anew with it. */
  private volatile Consumer<ServerSetup> onSetup = next -> { };
  /** What the front end checks of a setup before it is kept (Discord: its lobbies exist). */
  private volatile Consumer<ServerSetup.ServerConfig> setupCheck = next -> { };

  private BotRuntime(Relva relva, RelvaStores stores, List<QueueDaemon> daemons,
      Map<QueueId, QueueAnalytics> analytics, RatingBook book, Map<QueueId, RatingBook> ladders,
      CommandCatalog catalog, Consumer<BotMessage> outbox, Wording words,
      Map<QueueId, MatchmakingConfig> queues, boolean liveQueue,
      StateJournal journal, BotConfig base, ServerSetup setup) {
    this.journal = journal;
    this.relva = relva;
    this.stores = stores;
    this.daemons = List.copyOf(daemons);
    this.analytics = Map.copyOf(analytics);
    this.book = book;
    this.catalog = catalog;
    this.outbox = outbox;
    this.base = base;
    this.setup = setup;
    Standings standings = new Standings(book, relva, names, Map.copyOf(ladders));
    Map<QueueId, MatchmakingConfig> matchmaking = Map.copyOf(queues);
    Map<QueueId, QueueAnalytics> perQueue = this.analytics;
    this.commands = new CommandLayer(relva, standings, words, catalog, new SetupPort(),
        new CommandLayer.Queues() {
          @Override
          public MatchmakingConfig matchmaking(QueueId queue) {
            return matchmaking.getOrDefault(queue, matchmaking.get(QueueId.DEFAULT));
          }

          @Override
          public QueueAnalytics analytics(QueueId queue) {
            return perQueue.getOrDefault(queue, perQueue.get(QueueId.DEFAULT));
          }
        });
    this.announcer = Announcer.attach(relva, outbox, standings, words, book.system());
    this.liveQueues = liveQueue ? queues.entrySet().stream().map(q -> LiveQueue.attach(relva,
        q.getKey(), words, q.getValue(), outbox)).toList() : List.of();
  }

  /**
   * Builds and starts the whole engine for {@code config}, its matchmaking passes running on the
   * thread of the event that asks for them: one pass per queue event, in step with the commands,
   * which is what tests want.
   */
  static BotRuntime start(BotConfig config, PartyChannels channels, Clock clock,
      RandomGenerator random, Consumer<BotMessage> outbox) {
    return start(config, channels, clock, random, outbox, StateJournal.none());
  }

  /**
   * As above, keeping everything in {@code journal} and restoring what it holds first, the
   * server's setup kept there included.
   */
  static BotRuntime start(BotConfig config, PartyChannels channels, Clock clock,
      RandomGenerator random, Consumer<BotMessage> outbox, StateJournal journal) {
    ServerSetup setup = readSetup(journal);
    return start(config, setup, setup.applyOrBase(config), channels, clock, random, outbox,
        journal, MoreExecutors.directExecutor(), true, true);
  }

  /** The setup kept in {@code journal}, if it keeps setups; else none. */
  static ServerSetup readSetup(StateJournal journal) {
    try {
      return ServerSetup.read(journal);
    } catch (RuntimeException e) {
      // A journal of the core's stores only (an embedder's, a test's): no setup kept there.
      return ServerSetup.none();
    }
  }

  /**
   * Wires and starts everything, for the server whose {@code setup} read over {@code base} gives
   * {@code server} ({@link ServerSetup#applyOrBase}), its matchmaking passes on {@code passes},
   * which the runtime does not own and many runtimes may share (each one's passes still run one
   * at a time). On a journal that holds state this is the restart: the core loads and checks its
   * state, the rating books rate the finished matches they had not rated, the analytics rebuild
   * their stats, then (with everyone listening) the deadlines that fell due while the process
   * was down are applied, and only then does matchmaking start. {@code discordTimes}: times as
   * Discord timestamps, else readable text (the console). {@code announceBack}: say in the lobby
   * what came back (not when a new setup is applied).
   */
  static BotRuntime start(BotConfig base, ServerSetup setup, ServerSetup.ServerConfig server,
      PartyChannels channels, Clock clock, RandomGenerator random, Consumer<BotMessage> outbox,
      StateJournal journal, Executor passes, boolean discordTimes, boolean announceBack) {
    requireNonNull(outbox, "outbox");
    requireNonNull(journal, "journal");
    BotConfig config = server.main();
    RelvaStores stores = RelvaStores.inMemory();
    // The book comes first: a captains' draft reads it to choose the captains and to pick for a
    // captain whose time ran out, so the core must be given it when built.
    // The server's ladder rates every queue but those with a ladder of their own.
    Set<QueueId> own = Set.copyOf(server.ownLadders());
    Set<QueueId> shared = new HashSet<>(server.matchmaking().keySet());
    shared.removeAll(own);
    RatingBook book = RatingBook.builder().journal(journal)
        .queues(own.isEmpty() ? Set.of() : shared).build();
    Map<QueueId, RatingBook> ladders = new LinkedHashMap<>();
    for (QueueId queue : own) {
      ladders.put(queue, RatingBook.builder().journal(journal).ladder(queue.value())
          .queues(Set.of(queue)).build());
    }
    Relva relva = Relva.builder().config(server.relvaConfig()).stores(stores).channels(channels)
        .clock(clock).random(random).journal(journal).ratings(book.asRatings()).build();
    for (RatingBook ladder : concat(book, ladders.values())) {
      ladder.catchUp(relva);
      ladder.attach(relva); // replays corrected results, too
    }
    Map<QueueId, QueueAnalytics> analytics = new LinkedHashMap<>();
    for (QueueId queue : server.matchmaking().keySet()) {
      RatingBook ladder = ladders.getOrDefault(queue, book);
      analytics.put(queue, journal.isDurable()
          ? QueueAnalytics.restore(relva.events(), ladder.asRatings(), journal,
              relva.queue(queue), queue)
          : QueueAnalytics.attach(relva.events(), ladder.asRatings(), queue));
    }
    List<QueueDaemon> daemons = new ArrayList<>();
    for (Map.Entry<QueueId, MatchmakingConfig> queue : server.matchmaking().entrySet()) {
      QueueDaemon.Builder matchmaker = QueueDaemon.builder(relva).queue(queue.getKey())
          .config(queue.getValue()).ratings(ladders.getOrDefault(queue.getKey(), book)
              .asRatings()).clock(clock).executor(passes);
      if (queue.getValue().teams() == TeamChoice.RANDOM) {
        // A source of the daemon's own, seeded from the given one: the same start gives the
        // same teams, and the core's join codes (drawn from the given one) stay out of the
        // passes' way.
        matchmaker.random(new SplittableRandom(random.nextLong()));
      }
      daemons.add(matchmaker.build());
    }
    Wording words = new Wording(relva.config(), clock, discordTimes);
    BotRuntime runtime = new BotRuntime(relva, stores, daemons, analytics, book, ladders,
        CommandCatalog.of(regionsOf(relva.config())), outbox, words,
        server.matchmaking(), config.liveQueue(), journal, base, setup);
    int parties = relva.parties().size();
    int queued = relva.queue().size();
    int matches = relva.openMatches().size();
    if (announceBack && parties + queued + matches > 0) {
      // Once, briefly: what came back, so players know nothing was lost.
      outbox.accept(BotMessage.inChannel(relva.config().lobby(),
          words.back(parties, queued, matches)));
    }
    relva.tick();
    daemons.forEach(QueueDaemon::start);
    return runtime;
  }

  private static List<RatingBook> concat(RatingBook first, java.util.Collection<RatingBook> rest) {
    List<RatingBook> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  /** Every region of every queue, the default queue's default first: the commands' choices. */
  static Regions regionsOf(RelvaConfig config) {
    List<Region> all = new ArrayList<>();
    for (QueueSpec queue : config.queues()) {
      queue.regions().all().forEach(r -> {
        if (!all.contains(r)) {
          all.add(r);
        }
      });
    }
    return Regions.of(all);
  }

  /**
   * Has {@code check} look at each setup before it is kept: it throws a
   * {@link BotConfig.ConfigException} saying what is wrong (a lobby the server lacks, say).
   */
  void checkSetups(Consumer<ServerSetup.ServerConfig> check) {
    this.setupCheck = requireNonNull(check, "check");
  }

  /** Tells {@code listener} of each setup {@code /setup} saves, to apply it. */
  void onSetup(Consumer<ServerSetup> listener) {
    this.onSetup = requireNonNull(listener, "listener");
  }

  /** The server's setup now. */
  ServerSetup setup() {
    return setup;
  }

  /** {@code /setup}'s port: checks a setup, keeps it in the server's journal, applies it. */
  private final class SetupPort implements CommandLayer.Setup {
    @Override
    public ServerSetup current() {
      return setup;
    }

    @Override
    public ServerSetup save(java.util.function.UnaryOperator<ServerSetup> edit) {
      ServerSetup next;
      synchronized (BotRuntime.this) {
        next = edit.apply(setup);
        ServerSetup.ServerConfig server = next.apply(base); // every check start-up makes
        setupCheck.accept(server); // and the front end's (Discord: the lobbies exist)
        // The live core takes the new queues first: it refuses what its state cannot follow
        // (a queued party too large for every queue), and takes players out of removed queues.
        Outcome<RelvaConfig> applied = relva.reconfigure(server.relvaConfig());
        if (!applied.isSuccess()) {
          throw new BotConfig.ConfigException(applied.failure().orElseThrow().message());
        }
        journal.commit(List.of(next.change()));
        setup = next;
      }
      onSetup.accept(next);
      return next;
    }

  }

  /**
   * Runs one command and returns its replies to the user; what others should know goes to the
   * outbox as the core's events are announced.
   */
  List<BotMessage> handle(Invocation call) {
    names.put(call.user().id(), call.user().displayName());
    call.users().values().forEach(m -> names.put(m.id(), m.displayName()));
    return commands.handle(call);
  }

  /** Moves time-driven things on: ready-check timeouts, result expiry, wait-based relaxation. */
  void tick() {
    relva.tick();
    daemons.forEach(QueueDaemon::tick);
    liveQueues.forEach(LiveQueue::flush);
  }

  void stop() {
    stop(true);
  }

  /**
   * Stops; closes the journal if {@code closeJournal} (not when a runtime anew takes over the
   * same journal, as the console's does after {@code /setup}).
   */
  void stop(boolean closeJournal) {
    liveQueues.forEach(LiveQueue::stop);
    daemons.forEach(QueueDaemon::stop);
    analytics.values().forEach(QueueAnalytics::close);
    if (closeJournal) {
      journal.close();
    }
  }

  /** Where the state is kept. */
  StateJournal journal() {
    return journal;
  }

  Relva relva() {
    return relva;
  }

  RelvaStores stores() {
    return stores;
  }

  RatingBook book() {
    return book;
  }

  CommandCatalog catalog() {
    return catalog;
  }

  /** Who tells players what happened; told here why a party that lost its thread is gone. */
  Announcer announcer() {
    return announcer;
  }

  ChannelId lobby() {
    return relva.config().lobby();
  }

  /** What /stats, /leaderboard and /admin rating read and change: the rating book. */
  private record Standings(RatingBook book, Relva relva, Map<UserId, String> names,
      Map<QueueId, RatingBook> ladders) implements CommandLayer.Standings {
    @Override
    public CommandLayer.Standings of(QueueId queue) {
      RatingBook ladder = ladders.get(queue);
      return ladder == null ? this : new Standings(ladder, relva, names, Map.of());
    }

    @Override
    public PlayerStats stats(Member player, Region region) {
      return book.perRegion() ? book.stats(player.id(), region) : book.stats(player.id());
    }

    @Override
    public boolean perRegion() {
      return book.perRegion();
    }

    @Override
    public List<PlayerStats> leaderboard(Region region, int limit) {
      return book.perRegion() ? book.leaderboard(region, limit) : book.leaderboard(limit);
    }

    @Override
    public String nameOf(UserId user) {
      return names.getOrDefault(user, user.value());
    }

    @Override
    public void setRating(Member player, Optional<Region> region, double value) {
      RatingKey key = book.perRegion()
          ? RatingKey.in(player.id(), region.orElse(relva.config().regions().defaultRegion()))
          : RatingKey.global(player.id());
      Rating now = book.perRegion() ? book.stats(player.id(), key.region().orElseThrow()).rating()
          : book.stats(player.id()).rating();
      Rating initial = book.system().initial();
      double perMu = book.matchmakingRating(new Rating(initial.mu() + 1, initial.sigma()))
          - book.matchmakingRating(initial);
      double mu = initial.mu() + (value - book.matchmakingRating(initial)) / perMu;
      book.setRating(key, new Rating(mu, now.sigma()));
    }
  }
}
