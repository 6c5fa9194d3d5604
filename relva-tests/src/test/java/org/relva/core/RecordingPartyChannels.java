package org.relva.core;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.UserId;

/**
 * A {@link PartyChannels} that records every call it completes and can be told to fail, or to run
 * something while a channel is being opened (when the core holds no lock). Thread-safe.
 */
final class RecordingPartyChannels implements PartyChannels {

  /** A completed call to the port. */
  sealed interface Call permits Open, Grant, Revoke, Close {}

  record Open(EntityId party, String name, Member leader, ChannelId channel) implements Call {}

  record Grant(ChannelId channel, Member member) implements Call {}

  record Revoke(ChannelId channel, UserId user) implements Call {}

  record Close(ChannelId channel) implements Call {}

  private final List<Call> calls = new ArrayList<>();
  private @Nullable Exception nextOpenFailure;
  private @Nullable Error nextOpenError;
  private @Nullable Runnable duringNextOpen;
  private @Nullable RuntimeException nextGrantFailure;
  private int failedOpens;

  /** The channel id this fake gives party {@code id}. */
  static ChannelId channelFor(EntityId id) {
    return ChannelId.of("thread-" + id.value());
  }

  /** Makes the next {@link #open} throw {@code failure}. */
  synchronized void failNextOpen(ChannelException failure) {
    nextOpenFailure = failure;
  }

  /** Makes the next {@link #open} throw {@code failure}, as a buggy adapter might. */
  synchronized void failNextOpen(RuntimeException failure) {
    nextOpenFailure = failure;
  }

  /** Makes the next {@link #open} throw {@code failure}, as a broken adapter might. */
  synchronized void failNextOpen(Error failure) {
    nextOpenError = failure;
  }

  /** Runs {@code action} inside the next {@link #open}, before it completes or fails. */
  synchronized void duringNextOpen(Runnable action) {
    duringNextOpen = action;
  }

  /** Makes the next {@link #grant} throw {@code failure}. */
  synchronized void failNextGrant(RuntimeException failure) {
    nextGrantFailure = failure;
  }

  /** The completed calls, oldest first. */
  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized int failedOpens() {
    return failedOpens;
  }

  synchronized void forget() {
    calls.clear();
  }

  @Override
  public ChannelId open(EntityId party, String name, Member leader) throws ChannelException {
    Runnable action;
    synchronized (this) {
      action = duringNextOpen;
      duringNextOpen = null;
    }
    if (action != null) {
      action.run(); // outside the monitor: it may call back into the core
    }
    return completeOpen(party, name, leader);
  }

  private synchronized ChannelId completeOpen(EntityId party, String name, Member leader)
      throws ChannelException {
    Error error = nextOpenError;
    nextOpenError = null;
    if (error != null) {
      failedOpens++;
      throw error;
    }
    Exception failure = nextOpenFailure;
    nextOpenFailure = null;
    if (failure != null) {
      failedOpens++;
      if (failure instanceof ChannelException) {
        throw (ChannelException) failure;
      }
      throw (RuntimeException) failure;
    }
    ChannelId channel = channelFor(party);
    calls.add(new Open(party, name, leader, channel));
    return channel;
  }

  @Override
  public synchronized void grant(ChannelId channel, Member member) {
    RuntimeException failure = nextGrantFailure;
    nextGrantFailure = null;
    if (failure != null) {
      throw failure;
    }
    calls.add(new Grant(channel, member));
  }

  @Override
  public synchronized void revoke(ChannelId channel, UserId user) {
    calls.add(new Revoke(channel, user));
  }

  @Override
  public synchronized void close(ChannelId channel) {
    calls.add(new Close(channel));
  }
}
