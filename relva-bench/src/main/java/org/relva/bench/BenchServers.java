package org.relva.bench;

import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import org.relva.core.QueueSpec;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaStores;
import org.relva.core.model.UserId;
import org.relva.core.store.StateJournal;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.QueueDaemon;
import org.relva.matchmaking.analytics.QueueAnalytics;
import org.relva.matchmaking.rating.Rating;
import org.relva.matchmaking.stats.RatingBook;
import org.relva.matchmaking.stats.RatingKey;

/**
 * One Discord server's engine, wired as the bot's {@code BotRuntime.start} wires it, without the
 * Discord parts (command layer, announcer, outbox, live queue, the adapter's listeners and JDA's
 * cache of the guild): in-memory stores, no journal, a rating book built before the core and
 * attached to it, analytics attached to the core's events, and a started {@link QueueDaemon} on a
 * shared executor with no scheduler of its own (the bot ticks every server from one thread).
 *
 * <p>The bot today starts a daemon for the default queue only; a server here gets one daemon per
 * queue of its configuration, as {@link QueueDaemon} is meant to be used (one daemon a queue), so
 * with no extra queues the two are the same. Stateless and thread-safe.
 */
final class BenchServers {
  private BenchServers() {}

  /**
   * A server's engine.
   *
   * @param relva the core
   * @param book its rating book, the daemons' and the analytics' ratings
   * @param daemons a started daemon per queue, the default queue's first
   */
  record Server(Relva relva, RatingBook book, List<QueueDaemon> daemons) {
    /** What the bot's tick does to a server, less the live queue: time moves, daemons pass. */
    void tick() {
      relva.tick();
      daemons.forEach(QueueDaemon::tick);
    }
  }

  /**
   * Starts a server with {@code config}, its passes on {@code passes}, ids and join codes drawn
   * from {@code seed}, and a channel port that does no I/O.
   */
  static Server start(RelvaConfig config, Executor passes, Clock clock, long seed) {
    RatingBook book = RatingBook.builder().journal(StateJournal.none()).build();
    Relva relva = Relva.builder().config(config).stores(RelvaStores.inMemory())
        .channels(BenchCores.countingChannels()).clock(clock).random(new SplittableRandom(seed))
        .journal(StateJournal.none()).ratings(book.asRatings()).build();
    book.catchUp(relva);
    book.attach(relva);
    // The analytics stay reachable through the core's event bus, as in the bot.
    QueueAnalytics.attach(relva.events(), book.asRatings());
    List<QueueDaemon> daemons = config.queues().stream()
        .map(queue -> QueueDaemon.builder(relva).queue(queue.id())
            .config(MatchmakingConfig.defaults()).ratings(book.asRatings()).clock(clock)
            .executor(passes).build())
        .toList();
    relva.tick();
    daemons.forEach(QueueDaemon::start);
    return new Server(relva, book, daemons);
  }

  /** The eight regions of {@link BenchQueues#REGIONS}, with {@code extra} more queues. */
  static RelvaConfig config(int extra) {
    RelvaConfig config = RelvaConfig.defaults().withRegions(BenchQueues.CONFIGURED);
    for (int q = 1; q <= extra; q++) {
      String lobby = Long.toString(1_200_000_000_000_000_000L + q);
      config = config.withQueue(QueueSpec.of("extra-" + q, lobby, BenchQueues.CONFIGURED,
          MatchmakingConfig.defaults().format().teamSize()));
    }
    return config;
  }

  /** Gives {@code user} a record in {@code book} at {@code value} on the matchmaker's scale. */
  static void rate(RatingBook book, UserId user, double value) {
    Rating initial = book.system().initial();
    double perMu = book.matchmakingRating(new Rating(initial.mu() + 1, initial.sigma()))
        - book.matchmakingRating(initial);
    double mu = initial.mu() + (value - book.matchmakingRating(initial)) / perMu;
    book.setRating(RatingKey.global(user), new Rating(mu, initial.sigma()));
  }
}
