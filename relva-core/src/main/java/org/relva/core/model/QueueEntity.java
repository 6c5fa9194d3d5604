package org.relva.core.model;

import java.util.List;

/**
 * What the queue holds: a {@link Party}, or a {@link SoloPlayer}. Both share the spec's fields: a
 * type, an id, a region, a size and the members.
 */
public sealed interface QueueEntity permits Party, SoloPlayer {
  /** {@code "party"} or {@code "solo"}, as in the spec's objects. */
  String type();

  EntityId id();

  Region region();

  /** The number of members. */
  int size();

  /** The members, in the order they joined; the first of a party is not necessarily its leader. */
  List<Member> members();
}
