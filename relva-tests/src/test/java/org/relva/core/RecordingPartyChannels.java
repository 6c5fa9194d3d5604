package org.relva.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.UserId;
import org.relva.testkit.FakePartyChannels;

/**
 * A {@link PartyChannels} in front of the testkit's {@link FakePartyChannels}: it records every
 * call it completes, as a value a test can compare, and can be told to fail, or to run something
 * while a channel is being opened (when the core holds no lock). What it does not fail it passes
 * on, so the fake knows which channels are open and who may see each. Thread-safe.
 */
public final class RecordingPartyChannels implements PartyChannels {

  /** A completed call to the port. */
  public sealed interface Call permits Open, Grant, Revoke, Close {}

  public record Open(EntityId party, String name, Member leader, ChannelId channel)
      implements Call {}

  public record Grant(ChannelId channel, Member member) implements Call {}

  public record Revoke(ChannelId channel, UserId user) implements Call {}

  public record Close(ChannelId channel) implements Call {}

  private final PartyChannels channels;
  private final List<Call> calls = new ArrayList<>();
  private @Nullable Exception nextOpenFailure;
  private @Nullable Error nextOpenError;
  private @Nullable Runnable duringNextOpen;
  private @Nullable RuntimeException nextGrantFailure;
  private int failedOpens;

  /** A port that records the calls and passes them on to a fake of its own. */
  public RecordingPartyChannels() {
    this(new FakePartyChannels());
  }

  /** A port that records the calls and passes them on to {@code channels}. */
  public RecordingPartyChannels(PartyChannels channels) {
    this.channels = requireNonNull(channels, "channels");
  }

  /** Makes the next {@link #open} throw {@code failure}. */
  public synchronized void failNextOpen(ChannelException failure) {
    nextOpenFailure = failure;
  }

  /** Makes the next {@link #open} throw {@code failure}, as a buggy adapter might. */
  public synchronized void failNextOpen(RuntimeException failure) {
    nextOpenFailure = failure;
  }

  /** Makes the next {@link #open} throw {@code failure}, as a broken adapter might. */
  public synchronized void failNextOpen(Error failure) {
    nextOpenError = failure;
  }

  /** Runs {@code action} inside the next {@link #open}, before it completes or fails. */
  public synchronized void duringNextOpen(Runnable action) {
    duringNextOpen = action;
  }

  /** Makes the next {@link #grant} throw {@code failure}. */
  public synchronized void failNextGrant(RuntimeException failure) {
    nextGrantFailure = failure;
  }

  /** The completed calls, oldest first. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The channel opened for {@code party}, as a completed call recorded it. */
  public synchronized ChannelId opened(EntityId party) {
    for (Call call : calls) {
      if (call instanceof Open open && open.party().equals(party)) {
        return open.channel();
      }
    }
    throw new AssertionError("no channel opened for " + party + " in " + calls);
  }

  public synchronized int failedOpens() {
    return failedOpens;
  }

  public synchronized void forget() {
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
    ChannelId channel = channels.open(party, name, leader);
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
    channels.grant(channel, member);
    calls.add(new Grant(channel, member));
  }

  @Override
  public synchronized void revoke(ChannelId channel, UserId user) {
    channels.revoke(channel, user);
    calls.add(new Revoke(channel, user));
  }

  @Override
  public synchronized void close(ChannelId channel) {
    channels.close(channel);
    calls.add(new Close(channel));
  }
}
