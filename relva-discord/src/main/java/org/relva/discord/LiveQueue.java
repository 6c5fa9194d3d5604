package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.relva.core.QueueSpec;
import org.relva.core.Relva;
import org.relva.core.event.EventBus;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;
import org.relva.matchmaking.MatchmakingConfig;

/**
 * A queue's live queue in its lobby: one message per region of the queue, which the front end posts once and then edits
 * (a {@link BotMessage#board()} key names it), saying who waits, how many a match needs, since
 * when the first has waited and why nothing pops ({@link QueueBoard}, worded by {@link Wording}).
 *
 * <p>Queue events only mark a region as changed; {@link #flush()}, called on the bot's tick, sends
 * each changed region's message at most once per {@link #MIN_INTERVAL}. Discord lets a bot edit
 * messages in one channel about five times in five seconds; with one edit per region per five
 * seconds, three regions stay under that, and a burst of joins costs one edit, not one each. The
 * first player's wait is a Discord timestamp, which each client keeps counting on its own, so a
 * quiet queue needs no edits at all. What is lost: the message can be up to one interval (plus a
 * tick) behind the queue.
 *
 * <p>Thread-safe: events arrive on the bus's thread and flushes on the ticker's.
 */
final class LiveQueue {
  /** The shortest time between two edits of one region's message. */
  static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

  private final Relva relva;
  private final QueueId queue;
  private final Wording words;
  private final MatchmakingConfig matchmaking;
  private final Consumer<BotMessage> outbox;
  private final Clock clock;
  private final Set<Region> changed = new LinkedHashSet<>();
  private final Map<Region, Instant> lastSent = new HashMap<>();
  private final EventBus.Subscription subscription;

  private LiveQueue(Relva relva, QueueId queue, Wording words, MatchmakingConfig matchmaking,
      Consumer<BotMessage> outbox) {
    this.relva = relva;
    this.queue = queue;
    this.words = words;
    this.matchmaking = matchmaking;
    this.outbox = outbox;
    this.clock = relva.clock();
    // The first flush posts every region's.
    relva.config().queue(queue).ifPresent(spec -> changed.addAll(spec.regions().all()));
    this.subscription = relva.events().subscribe(QueueEvent.class, this::on);
  }

  /** Starts keeping {@code relva}'s queue {@code queue} in its lobby, through {@code outbox}. */
  static LiveQueue attach(Relva relva, QueueId queue, Wording words,
      MatchmakingConfig matchmaking, Consumer<BotMessage> outbox) {
    return new LiveQueue(requireNonNull(relva, "relva"), requireNonNull(queue, "queue"),
        requireNonNull(words, "words"), requireNonNull(matchmaking, "matchmaking"),
        requireNonNull(outbox, "outbox"));
  }

  /** The board key of {@code region}'s message of the default queue. */
  static String key(Region region) {
    return "queue:" + region.code();
  }

  /** The board key of {@code region}'s message of {@code queue}. */
  static String key(QueueId queue, Region region) {
    return queue.equals(QueueId.DEFAULT) ? key(region)
        : "queue:" + queue.value() + ":" + region.code();
  }

  private synchronized void on(QueueEvent event) {
    if (!event.queue().equals(queue)) {
      return; // a pop elsewhere that took entries out of this queue sends this queue their leaves
    }
    if (event instanceof QueueEvent.QueuePop pop) {
      changed.add(pop.match().region());
    } else if (event instanceof QueueEvent.SoloJoin e) {
      changed.add(e.entry().region());
    } else if (event instanceof QueueEvent.PartyJoin e) {
      changed.add(e.entry().region());
    } else if (event instanceof QueueEvent.SoloLeave e) {
      changed.add(e.entry().region());
    } else if (event instanceof QueueEvent.PartyLeave e) {
      changed.add(e.entry().region());
    }
  }

  /** Sends the message of every changed region whose last one is at least an interval old. */
  void flush() {
    Instant now = clock.instant();
    Set<Region> due = new LinkedHashSet<>();
    synchronized (this) {
      for (Region region : changed) {
        Instant last = lastSent.get(region);
        if (last == null || !now.isBefore(last.plus(MIN_INTERVAL))) {
          due.add(region);
        }
      }
      changed.removeAll(due);
      due.forEach(r -> lastSent.put(r, now));
    }
    Optional<QueueSpec> spec = relva.config().queue(queue);
    if (spec.isEmpty()) {
      return; // removed: its runtime is being replaced
    }
    for (Region region : due) {
      QueueBoard.RegionView view = QueueBoard.region(relva.queue(queue), region, matchmaking);
      outbox.accept(BotMessage.board(spec.get().lobby(), key(queue, region),
          words.queueBoard(view)));
    }
  }

  /** Stops following the queue. */
  void stop() {
    subscription.cancel();
  }
}
