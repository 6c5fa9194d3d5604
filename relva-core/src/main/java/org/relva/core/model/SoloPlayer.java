package org.relva.core.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The spec's solo player object: a single user queued on their own, under an id of the party id
 * format.
 *
 * @param id this queue ticket's id
 * @param region where the player queued
 * @param member the player
 */
public record SoloPlayer(EntityId id, Region region, Member member) implements QueueEntity {
  public static final String TYPE = "solo";

  public SoloPlayer {
    requireNonNull(id, "id");
    requireNonNull(region, "region");
    requireNonNull(member, "member");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int size() {
    return 1;
  }

  @Override
  public List<Member> members() {
    return List.of(member);
  }
}
