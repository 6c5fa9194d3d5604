package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A snapshot of a party: the spec's party object. Immutable: the core stores a new snapshot for
 * every change, so a snapshot a caller holds never changes under it.
 *
 * <p>A party has 1 to {@value #MAX_SIZE} members with distinct ids, one of whom is its leader. It
 * is created with its leader alone and may queue once it has {@value #MIN_QUEUE_SIZE} or more.
 *
 * @param id the party's id, also the name of its channel
 * @param region where the party plays
 * @param leaderId the leader's user id
 * @param joinCode the code that lets others join
 * @param members the members in the order they joined
 * @param createdAt when the party was created
 */
public record Party(
    EntityId id,
    Region region,
    UserId leaderId,
    JoinCode joinCode,
    List<Member> members,
    Instant createdAt) implements QueueEntity {

  public static final String TYPE = "party";
  public static final int MAX_SIZE = 5;
  public static final int MIN_QUEUE_SIZE = 2;

  public Party {
    requireNonNull(id, "id");
    requireNonNull(region, "region");
    requireNonNull(leaderId, "leaderId");
    requireNonNull(joinCode, "joinCode");
    requireNonNull(createdAt, "createdAt");
    members = ImmutableList.copyOf(members);
    checkArgument(!members.isEmpty() && members.size() <= MAX_SIZE,
        "a party has 1 to %s members, got %s", MAX_SIZE, members.size());
    Set<UserId> seen = new HashSet<>();
    for (Member m : members) {
      checkArgument(seen.add(m.id()), "%s is listed twice in party %s", m.id(), id);
    }
    checkArgument(seen.contains(leaderId), "the leader %s is not a member of party %s", leaderId, id);
  }

  /** A new party of one: its leader. */
  public static Party create(EntityId id, Region region, Member leader, JoinCode code, Instant at) {
    return new Party(id, region, leader.id(), code, List.of(leader), at);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int size() {
    return members.size();
  }

  /** The leader's member object. */
  public Member leader() {
    return member(leaderId).orElseThrow();
  }

  public Optional<Member> member(UserId user) {
    return members.stream().filter(m -> m.id().equals(user)).findFirst();
  }

  public boolean hasMember(UserId user) {
    return member(user).isPresent();
  }

  public boolean isLeader(UserId user) {
    return leaderId.equals(user);
  }

  public boolean isFull() {
    return members.size() >= MAX_SIZE;
  }

  /** Whether the party is big enough to queue. */
  public boolean canQueue() {
    return members.size() >= MIN_QUEUE_SIZE;
  }

  /** The name of the party's channel, {@code Party [K8d0wl5]}. */
  public String channelName() {
    return channelName(id);
  }

  /** The name of a party's channel, {@code Party [K8d0wl5]}. */
  public static String channelName(EntityId id) {
    return "Party [" + id.value() + "]";
  }

  Party withMembers(List<Member> newMembers, UserId newLeader) {
    return new Party(id, region, newLeader, joinCode, newMembers, createdAt);
  }

  /** This party with {@code member} added last. */
  public Party plus(Member member) {
    return withMembers(ImmutableList.<Member>builder().addAll(members).add(member).build(), leaderId);
  }

  /**
   * This party without {@code user}. If the user led it, leadership passes to the longest-standing
   * remaining member. The party must keep at least one member.
   */
  public Party minus(UserId user) {
    checkArgument(hasMember(user), "%s is not in party %s", user, id);
    ImmutableList<Member> rest = members.stream()
        .filter(m -> !m.id().equals(user))
        .collect(ImmutableList.toImmutableList());
    checkArgument(!rest.isEmpty(), "party %s cannot lose its last member", id);
    UserId leader = leaderId.equals(user) ? rest.get(0).id() : leaderId;
    return withMembers(rest, leader);
  }

  /** This party led by {@code user}, who must be a member. */
  public Party ledBy(UserId user) {
    checkArgument(hasMember(user), "%s is not in party %s", user, id);
    return withMembers(members, user);
  }

  /** This party with a new join code. */
  public Party withJoinCode(JoinCode code) {
    return new Party(id, region, leaderId, code, members, createdAt);
  }

  /** This party in {@code newRegion}. */
  public Party withRegion(Region newRegion) {
    return new Party(id, newRegion, leaderId, joinCode, members, createdAt);
  }
}
