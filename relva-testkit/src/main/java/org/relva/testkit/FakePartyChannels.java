package org.relva.testkit;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.relva.core.PartyChannels;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.UserId;

/**
 * A {@link PartyChannels} that keeps its channels in memory: which exist, who may see each, and
 * every call made. It can be told to fail openings, to test that a failed opening leaves no party
 * behind. This class is thread-safe.
 *
 * <p>Where its bookkeeping would get in the way (a benchmark's hot loop, where the call log would
 * grow without end and its lock would be measured too), {@link #noop} gives a port that keeps
 * nothing.
 */
public final class FakePartyChannels implements PartyChannels {
  private final AtomicInteger counter = new AtomicInteger();
  private final Map<ChannelId, Set<UserId>> open = new LinkedHashMap<>();
  private final Map<ChannelId, EntityId> owners = new LinkedHashMap<>();
  private final List<String> calls = new ArrayList<>();
  private int failuresToCome;
  private Predicate<EntityId> failWhen = id -> false;

  /**
   * A channel port that does no I/O and keeps nothing: it opens the channel {@code channelFor}
   * names for the party and ignores grants, revokes and closes. It is as thread-safe as
   * {@code channelFor}.
   */
  public static PartyChannels noop(Function<? super EntityId, ChannelId> channelFor) {
    requireNonNull(channelFor, "channelFor");
    return new PartyChannels() {
      @Override
      public ChannelId open(EntityId party, String name, Member leader) {
        return requireNonNull(channelFor.apply(party), "channelFor returned null");
      }

      @Override
      public void grant(ChannelId channel, Member member) {}

      @Override
      public void revoke(ChannelId channel, UserId user) {}

      @Override
      public void close(ChannelId channel) {}
    };
  }

  /** Makes the next {@code count} openings fail. */
  public synchronized FakePartyChannels failNextOpenings(int count) {
    this.failuresToCome = count;
    return this;
  }

  /** Makes every opening for a party matching {@code condition} fail. */
  public synchronized FakePartyChannels failOpeningsWhen(Predicate<EntityId> condition) {
    this.failWhen = requireNonNull(condition, "condition");
    return this;
  }

  @Override
  public ChannelId open(EntityId party, String name, Member leader) throws ChannelException {
    synchronized (this) {
      calls.add("open " + name + " for " + leader.id());
      if (failuresToCome > 0 || failWhen.test(party)) {
        if (failuresToCome > 0) {
          failuresToCome--;
        }
        throw new ChannelException("the guild has no room for another channel");
      }
      ChannelId id = ChannelId.of("channel-" + counter.incrementAndGet());
      Set<UserId> access = new LinkedHashSet<>();
      access.add(leader.id());
      open.put(id, access);
      owners.put(id, party);
      return id;
    }
  }

  @Override
  public synchronized void grant(ChannelId channel, Member member) {
    calls.add("grant " + channel + " " + member.id());
    Set<UserId> access = open.get(channel);
    if (access == null) {
      throw new IllegalStateException("grant on a channel that is not open: " + channel);
    }
    access.add(member.id());
  }

  @Override
  public synchronized void revoke(ChannelId channel, UserId user) {
    calls.add("revoke " + channel + " " + user);
    Set<UserId> access = open.get(channel);
    if (access == null) {
      throw new IllegalStateException("revoke on a channel that is not open: " + channel);
    }
    access.remove(user);
  }

  @Override
  public synchronized void close(ChannelId channel) {
    calls.add("close " + channel);
    if (open.remove(channel) == null) {
      throw new IllegalStateException("close of a channel that is not open: " + channel);
    }
    owners.remove(channel);
  }

  /** The open channels and who may see each. */
  public synchronized Map<ChannelId, Set<UserId>> openChannels() {
    ImmutableMap.Builder<ChannelId, Set<UserId>> copy = ImmutableMap.builder();
    open.forEach((channel, access) -> copy.put(channel, ImmutableSet.copyOf(access)));
    return copy.build();
  }

  /** The party an open channel was opened for. */
  public synchronized Optional<EntityId> owner(ChannelId channel) {
    return Optional.ofNullable(owners.get(channel));
  }

  /** Every call so far, oldest first, as short descriptions such as {@code grant channel-1 42}. */
  public synchronized List<String> calls() {
    return ImmutableList.copyOf(calls);
  }

  /** The number of calls so far. */
  public synchronized int callCount() {
    return calls.size();
  }
}
