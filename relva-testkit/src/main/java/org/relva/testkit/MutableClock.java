package org.relva.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, for driving timeouts and waits without
 * sleeping. This class is thread-safe.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock at {@code start}, in UTC. */
  public static MutableClock at(Instant start) {
    return new MutableClock(new AtomicReference<>(requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /** A clock at 2026-01-01T00:00:00Z, in UTC. */
  public static MutableClock atEpochOfTests() {
    return at(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Moves the clock forward (or back, for a negative amount) by {@code amount}. */
  public MutableClock advance(Duration amount) {
    requireNonNull(amount, "amount");
    now.updateAndGet(t -> t.plus(amount));
    return this;
  }

  /** Sets the clock to {@code instant}. */
  public MutableClock set(Instant instant) {
    now.set(requireNonNull(instant, "instant"));
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(now, requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "MutableClock(" + now.get() + ")";
  }
}
