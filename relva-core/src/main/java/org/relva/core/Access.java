package org.relva.core;

import java.util.Optional;
import java.util.function.Function;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Party;
import org.relva.core.model.UserId;

/**
 * Who may do what, and where: the spec's channel rule and leader rule. Party commands other than
 * create and join work only from the party's own channel; a leader's commands only for its
 * leader; solo queue commands only from the lobby, and never for a party member. Every operation
 * that has such a rule asks here, so every front end obeys it. Not thread-safe: used with
 * {@link Relva}'s lock held.
 */
final class Access {
  private final Context ctx;
  private final Ids ids;

  Access(Context ctx, Ids ids) {
    this.ctx = ctx;
    this.ids = ids;
  }

  /** Runs {@code body} on {@code user}'s party if they have one and spoke from its channel. */
  <T> Outcome<T> inOwnParty(UserId user, ChannelId from, Function<Party, Outcome<T>> body) {
    Optional<Party> party = ctx.partyOf(user);
    if (party.isEmpty()) {
      return ids.isCreating(user) ? busy() : Outcome.failure(Refusal.NOT_IN_PARTY,
          "You are not in a party. Create one, or join one with its join code.");
    }
    ChannelId channel = ctx.channelOf(party.get().id());
    if (!channel.equals(from)) {
      return Outcome.failure(Refusal.WRONG_CHANNEL,
          new RefusalDetail.WrongChannel(channel, party.get().channelName(), false),
          "Party commands work only in your party's channel, " + party.get().channelName() + ".");
    }
    return body.apply(party.get());
  }

  /** As {@link #inOwnParty}, and only if {@code user} leads the party. */
  <T> Outcome<T> asLeader(UserId user, ChannelId from, String what,
      Function<Party, Outcome<T>> body) {
    return inOwnParty(user, from, party -> party.isLeader(user) ? body.apply(party)
        : Outcome.failure(Refusal.NOT_LEADER, new RefusalDetail.NotLeader(party.leader(), what),
            "Only the party's leader, " + party.leader().displayName() + ", can " + what + "."));
  }

  /**
   * Whether a queue command from {@code user} in {@code from} is about their party: they are in
   * one and spoke from its channel. Anywhere else it is about them alone.
   */
  boolean speaksForParty(UserId user, ChannelId from) {
    return ctx.partyOf(user).map(p -> ctx.channelOf(p.id()).equals(from)).orElse(false);
  }

  /** A refusal if {@code user} may not start or join a party now. */
  <T> Optional<Outcome<T>> refuseIfOccupied(UserId user) {
    Optional<Party> party = ctx.partyOf(user);
    if (party.isPresent()) {
      return Optional.of(Outcome.failure(Refusal.ALREADY_IN_PARTY, inParty(party.get(), user),
          "You are already in party " + party.get().id() + ". Leave it first, in its channel "
              + party.get().channelName() + "."));
    }
    if (ids.isCreating(user)) {
      return Optional.of(busy());
    }
    if (ctx.stores().soloTickets().containsKey(user)) {
      return Optional.of(Outcome.failure(Refusal.ALREADY_QUEUED,
          new RefusalDetail.QueuedAlone(ctx.config().lobby()),
          "You are in the queue on your own. Leave it first, in #" + ctx.config().lobby() + "."));
    }
    return Optional.empty();
  }

  /** A refusal if {@code user} may not queue alone from {@code from}. */
  <T> Optional<Outcome<T>> refuseSoloJoin(UserId user, ChannelId from) {
    Optional<Party> party = ctx.partyOf(user);
    if (party.isPresent()) {
      Party p = party.get();
      return Optional.of(Outcome.failure(Refusal.IN_PARTY, inParty(p, user), p.isLeader(user)
          ? "You lead party " + p.id() + ": queue it from its channel, " + p.channelName() + "."
          : "You are in party " + p.id() + ": parties queue together. Ask your leader, "
              + p.leader().displayName() + ", to queue the party in " + p.channelName() + "."));
    }
    if (ctx.config().queueAt(from).isEmpty()) { // any queue's lobby: see QueueChoice
      return Optional.of(Outcome.failure(Refusal.WRONG_CHANNEL, lobby(),
          "Solo queueing works only in #" + ctx.config().lobby() + "."));
    }
    if (ids.isCreating(user)) {
      return Optional.of(busy());
    }
    return Optional.empty();
  }

  /** A refusal if solo-queued {@code user} may not leave the queue from {@code from}. */
  <T> Optional<Outcome<T>> refuseSoloLeave(ChannelId from) {
    if (ctx.config().queueAt(from).isEmpty()) {
      return Optional.of(Outcome.failure(Refusal.WRONG_CHANNEL, lobby(),
          "Solo queue commands work only in #" + ctx.config().lobby() + "."));
    }
    return Optional.empty();
  }

  /** The facts of {@code user}'s being in {@code party}. */
  static RefusalDetail.InParty inParty(Party party, UserId user) {
    return new RefusalDetail.InParty(party.id(), party.channelName(), party.leader(),
        party.isLeader(user));
  }

  private RefusalDetail.WrongChannel lobby() {
    return new RefusalDetail.WrongChannel(ctx.config().lobby(), ctx.config().lobby().value(), true);
  }

  static <T> Outcome<T> busy() {
    return Outcome.failure(Refusal.BUSY, "Your party is still being created. Try again in a moment.");
  }
}
