package org.relva.core;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Party;
import org.relva.core.model.QueueId;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;

/**
 * What every part of the core works with: the settings, the stores, time, randomness and the
 * queue of effects, with the look-ups that several parts share. Like the parts, it is used only
 * with {@link Relva}'s lock held.
 */
final class Context {
  private volatile RelvaConfig config; // changed only by reconfigure, under the lock
  private final RelvaStores stores;
  private final Clock clock;
  private final RandomGenerator random;
  private final Effects effects;
  private final PlayerRatings ratings;

  Context(RelvaConfig config, RelvaStores stores, Clock clock, RandomGenerator random,
      Effects effects, PlayerRatings ratings) {
    this.config = config;
    this.stores = stores;
    this.clock = clock;
    this.random = random;
    this.effects = effects;
    this.ratings = ratings;
  }

  RelvaConfig config() {
    return config;
  }

  /** Runs on {@code next} from now on (see {@code QueueChoice#reconfigure}). */
  void reconfigure(RelvaConfig next) {
    this.config = next;
  }

  RelvaStores stores() {
    return stores;
  }

  Clock clock() {
    return clock;
  }

  RandomGenerator random() {
    return random;
  }

  Effects effects() {
    return effects;
  }

  PlayerRatings ratings() {
    return ratings;
  }

  /** The match rules of queue {@code queue}; a removed queue's matches keep the default's. */
  MatchRules rules(QueueId queue) {
    if (queue.equals(QueueId.DEFAULT)) {
      return config.matches(); // the common case, on every match operation: nothing built
    }
    return config.queue(queue).map(QueueSpec::rules).orElse(config.matches());
  }

  /** The rules match {@code match} runs by: its queue's. */
  MatchRules rules(MatchRecord match) {
    return rules(match.queue());
  }

  Instant now() {
    return clock.instant();
  }

  /** Queues {@code event} to be published after the lock is released. */
  void publish(RelvaEvent event) {
    effects.publish(event);
  }

  /** The party {@code user} is in, if any. */
  Optional<Party> partyOf(UserId user) {
    return stores.memberships().get(user).flatMap(stores.parties()::get);
  }

  /** The channel of live party {@code party}. */
  ChannelId channelOf(EntityId party) {
    return stores.channels().get(party).orElseThrow(
        () -> new IllegalStateException("party " + party + " has no channel"));
  }

  /** The region {@code input} names, or the default one when it is null or blank. */
  Outcome<Region> region(@Nullable String input) {
    return region(config.regions(), input);
  }

  /** The region of {@code regions} that {@code input} names, or their default. */
  static Outcome<Region> region(org.relva.core.model.Regions regions, @Nullable String input) {
    if (input == null || input.isBlank()) {
      return Outcome.success(regions.defaultRegion());
    }
    return regions.find(input).<Outcome<Region>>map(Outcome::success)
        .orElseGet(() -> Outcome.failure(Refusal.UNKNOWN_REGION,
            new RefusalDetail.UnknownRegion(input.strip(),
                regions.all().stream().map(Region::code).toList()),
            "There is no region '" + input.strip() + "'. Choose one of: "
                + regions.describe() + "."));
  }

  /** {@code failure}'s refusal, as an outcome of another type. */
  static <T> Outcome<T> refuse(Outcome<?> failure) {
    return failure.failure().orElseThrow().retyped();
  }

  /** The open match (in its ready check, or confirmed) that holds {@code user}, if any. */
  Optional<MatchRecord> openMatchOf(UserId user) {
    return stores.playerMatches().get(user).flatMap(stores.matches()::get)
        .filter(m -> m.state().isOpen());
  }
}
