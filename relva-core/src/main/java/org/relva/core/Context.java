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
import org.relva.core.model.Region;
import org.relva.core.model.UserId;

/**
 * What every part of the core works with: the settings, the stores, time, randomness and the
 * queue of effects, with the look-ups that several parts share. Like the parts, it is used only
 * with {@link Relva}'s lock held.
 */
record Context(RelvaConfig config, RelvaStores stores, Clock clock, RandomGenerator random,
    Effects effects, PlayerRatings ratings) {

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
    if (input == null || input.isBlank()) {
      return Outcome.success(config.regions().defaultRegion());
    }
    return config.regions().find(input).<Outcome<Region>>map(Outcome::success)
        .orElseGet(() -> Outcome.failure(Refusal.UNKNOWN_REGION,
            new RefusalDetail.UnknownRegion(input.strip(),
                config.regions().all().stream().map(Region::code).toList()),
            "There is no region '" + input.strip() + "'. Choose one of: "
                + config.regions().describe() + "."));
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
