package org.relva.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Party;
import org.relva.core.model.QueueId;
import org.relva.core.model.Regions;

/**
 * The core's settings. Immutable; {@link #defaults()} gives sensible ones to start from.
 *
 * <p>A server has one or more queues ({@link #queues()}), the first always the default queue
 * ({@link QueueId#DEFAULT}), which {@code regions}, {@code lobby}, {@code maxPartySize} and
 * {@code matches} describe; {@code otherQueues} are the rest, in order. Queue names and lobbies
 * are distinct. The largest party anyone may form is the largest team of any queue.
 *
 * @param regions the default queue's regions and its default one
 * @param lobby the channel where solo players queue for the default queue (the spec's
 *     {@code #kiwipugs})
 * @param wrongCodeLimit how many wrong join codes a user may try within {@code wrongCodeWindow}
 * @param wrongCodeWindow the window of the wrong-code limit
 * @param maxPartySize how many members a party may have, 2 to {@value Party#MAX_SIZE}; set it to
 *     the match format's team size when that is smaller, so no party grows too big to be matched
 * @param matches the rules of a default queue's match's life after it pops
 * @param otherQueues the queues besides the default one, in order (none by default)
 * @param multiQueue whether a player or party may wait in several queues at once (each at most
 *     once); off by default
 */
public record RelvaConfig(Regions regions, ChannelId lobby, int wrongCodeLimit,
    Duration wrongCodeWindow, int maxPartySize, MatchRules matches, List<QueueSpec> otherQueues,
    boolean multiQueue) {

  public RelvaConfig {
    requireNonNull(regions, "regions");
    requireNonNull(lobby, "lobby");
    requireNonNull(wrongCodeWindow, "wrongCodeWindow");
    requireNonNull(matches, "matches");
    checkArgument(wrongCodeLimit >= 1, "wrongCodeLimit must be at least 1, got %s", wrongCodeLimit);
    checkArgument(!wrongCodeWindow.isNegative() && !wrongCodeWindow.isZero(),
        "wrongCodeWindow must be positive, got %s", wrongCodeWindow);
    checkArgument(maxPartySize >= Party.MIN_QUEUE_SIZE && maxPartySize <= Party.MAX_SIZE,
        "maxPartySize must be %s to %s, got %s", Party.MIN_QUEUE_SIZE, Party.MAX_SIZE, maxPartySize);
    otherQueues = ImmutableList.copyOf(otherQueues);
    Set<QueueId> ids = new HashSet<>(Set.of(QueueId.DEFAULT));
    Set<ChannelId> lobbies = new HashSet<>(Set.of(lobby));
    for (QueueSpec q : otherQueues) {
      checkArgument(ids.add(q.id()), "two queues are named %s", q.id());
      checkArgument(lobbies.add(q.lobby()), "two queues have the lobby %s", q.lobby());
    }
  }

  /** One queue, the default: the settings as they were before there were several queues. */
  public RelvaConfig(Regions regions, ChannelId lobby, int wrongCodeLimit,
      Duration wrongCodeWindow, int maxPartySize, MatchRules matches) {
    this(regions, lobby, wrongCodeLimit, wrongCodeWindow, maxPartySize, matches, List.of(),
        false);
  }

  /** Settings with parties of up to {@value Party#MAX_SIZE}. */
  public RelvaConfig(Regions regions, ChannelId lobby, int wrongCodeLimit,
      Duration wrongCodeWindow) {
    this(regions, lobby, wrongCodeLimit, wrongCodeWindow, Party.MAX_SIZE, MatchRules.defaults());
  }

  /** Regions {@code us-e} (the default), {@code us-w} and {@code eu}; lobby {@code kiwipugs}; five wrong codes a minute. */
  public static RelvaConfig defaults() {
    return new RelvaConfig(Regions.of("us-e", "us-w", "eu"), ChannelId.of("kiwipugs"), 5,
        Duration.ofMinutes(1));
  }

  /** Every queue, the default first. */
  public List<QueueSpec> queues() {
    List<QueueSpec> all = new ArrayList<>(otherQueues.size() + 1);
    all.add(defaultQueue());
    all.addAll(otherQueues);
    return List.copyOf(all);
  }

  /** The default queue's settings, from this config's own fields. */
  public QueueSpec defaultQueue() {
    return new QueueSpec(QueueId.DEFAULT, lobby, regions, maxPartySize, matches);
  }

  /** The queue named {@code id}, if there is one. */
  public Optional<QueueSpec> queue(QueueId id) {
    return id.equals(QueueId.DEFAULT) ? Optional.of(defaultQueue())
        : otherQueues.stream().filter(q -> q.id().equals(id)).findFirst();
  }

  /** The queue whose lobby is {@code channel}, if any. */
  public Optional<QueueSpec> queueAt(ChannelId channel) {
    return channel.equals(lobby) ? Optional.of(defaultQueue())
        : otherQueues.stream().filter(q -> q.lobby().equals(channel)).findFirst();
  }

  /** The queues' names, in order. */
  public List<String> queueNames() {
    return queues().stream().map(q -> q.id().value()).toList();
  }

  /** The largest party anyone may form: the largest team of any queue. */
  public int largestParty() {
    return otherQueues.stream().mapToInt(QueueSpec::teamSize).reduce(maxPartySize, Math::max);
  }

  /**
   * These settings with {@code queue} added at the end, or replacing the queue of its name (the
   * default queue's replaces this config's lobby, regions, party cap and match rules).
   */
  public RelvaConfig withQueue(QueueSpec queue) {
    if (queue.id().equals(QueueId.DEFAULT)) {
      return new RelvaConfig(queue.regions(), queue.lobby(), wrongCodeLimit, wrongCodeWindow,
          queue.teamSize(), queue.rules(), otherQueues, multiQueue);
    }
    List<QueueSpec> next = new ArrayList<>(otherQueues);
    next.replaceAll(q -> q.id().equals(queue.id()) ? queue : q);
    if (!next.contains(queue)) {
      next.add(queue);
    }
    return withOtherQueues(next);
  }

  /** These settings without queue {@code id}; the default queue cannot be removed. */
  public RelvaConfig withoutQueue(QueueId id) {
    checkArgument(!id.equals(QueueId.DEFAULT), "the default queue cannot be removed");
    return withOtherQueues(otherQueues.stream().filter(q -> !q.id().equals(id)).toList());
  }

  public RelvaConfig withOtherQueues(List<QueueSpec> queues) {
    return new RelvaConfig(regions, lobby, wrongCodeLimit, wrongCodeWindow, maxPartySize,
        matches, queues, multiQueue);
  }

  public RelvaConfig withMultiQueue(boolean on) {
    return new RelvaConfig(regions, lobby, wrongCodeLimit, wrongCodeWindow, maxPartySize,
        matches, otherQueues, on);
  }

  public RelvaConfig withRegions(Regions regions) {
    return new RelvaConfig(regions, lobby, wrongCodeLimit, wrongCodeWindow, maxPartySize, matches,
        otherQueues, multiQueue);
  }

  public RelvaConfig withLobby(ChannelId lobby) {
    return new RelvaConfig(regions, lobby, wrongCodeLimit, wrongCodeWindow, maxPartySize, matches,
        otherQueues, multiQueue);
  }

  public RelvaConfig withWrongCodeLimit(int limit, Duration window) {
    return new RelvaConfig(regions, lobby, limit, window, maxPartySize, matches, otherQueues,
        multiQueue);
  }

  public RelvaConfig withMatchRules(MatchRules rules) {
    return new RelvaConfig(regions, lobby, wrongCodeLimit, wrongCodeWindow, maxPartySize, rules,
        otherQueues, multiQueue);
  }

  public RelvaConfig withMaxPartySize(int size) {
    return new RelvaConfig(regions, lobby, wrongCodeLimit, wrongCodeWindow, size, matches,
        otherQueues, multiQueue);
  }
}
