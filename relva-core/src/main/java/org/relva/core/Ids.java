package org.relva.core;

import java.util.HashSet;
import java.util.Set;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.UserId;

/**
 * Where ids and join codes come from, and what a party creation holds while its channel is being
 * opened. An entity id is {@code K} and six random alphanumerics (the spec's {@code K8d0wl5}),
 * never one a live party, a queued entity or a creation in progress holds; a match id is {@code M}
 * and eight; a join code is new among the live ones.
 *
 * <p>A creation in progress reserves its user, its id and its code between the two locked steps
 * around the channel's opening, so nobody else can take them. Reservations are deliberately kept
 * in memory only: no party exists until its channel does, so a restart has nothing to keep. Not
 * thread-safe: used with {@link Relva}'s lock held.
 */
final class Ids {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** What a party creation holds while its channel is being opened. */
  record Reservation(UserId user, EntityId id, JoinCode code) {}

  private final Context ctx;
  private final QueueIndex queue;
  private final Set<UserId> creating = new HashSet<>();
  private final Set<EntityId> reservedIds = new HashSet<>();
  private final Set<JoinCode> reservedCodes = new HashSet<>();

  Ids(Context ctx, QueueIndex queue) {
    this.ctx = ctx;
    this.queue = queue;
  }

  /** Reserves a new id and join code for {@code user}'s party, and marks them as creating one. */
  Reservation reserve(UserId user) {
    Reservation r = new Reservation(user, newEntityId(), newJoinCode());
    creating.add(user);
    reservedIds.add(r.id());
    reservedCodes.add(r.code());
    return r;
  }

  /** Gives back what {@code r} held, whether its party was made or not. */
  void release(Reservation r) {
    creating.remove(r.user());
    reservedIds.remove(r.id());
    reservedCodes.remove(r.code());
  }

  /** Whether {@code user}'s party is being created right now. */
  boolean isCreating(UserId user) {
    return creating.contains(user);
  }

  /** Whether {@code id} is free: neither reserved, nor a live party's, nor a queued entity's. */
  boolean isFree(EntityId id) {
    return !reservedIds.contains(id) && !ctx.stores().parties().containsKey(id)
        && !queue.contains(id);
  }

  EntityId newEntityId() {
    while (true) {
      EntityId id = new EntityId(randomId('K', 7));
      if (isFree(id)) {
        return id;
      }
    }
  }

  JoinCode newJoinCode() {
    while (true) {
      JoinCode code = JoinCode.random(ctx.random());
      if (!reservedCodes.contains(code) && !ctx.stores().joinCodes().containsKey(code)) {
        return code;
      }
    }
  }

  /** A match id no open or ended match has (an ended one may be read from the journal). */
  String newMatchId() {
    while (true) {
      String id = randomId('M', 9);
      if (!ctx.stores().matches().containsKey(id) && !ctx.stores().history().containsKey(id)) {
        return id;
      }
    }
  }

  private String randomId(char first, int length) {
    char[] chars = new char[length];
    chars[0] = first;
    for (int i = 1; i < length; i++) {
      chars[i] = ALPHABET.charAt(ctx.random().nextInt(ALPHABET.length()));
    }
    return new String(chars);
  }
}
