package org.relva.testkit.discord;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discord-style snowflake ids: milliseconds since 2015-01-01 in the top 42 bits, so an id tells
 * when its object was made (clients read a thread's age from it). Strictly increasing.
 * Thread-safe.
 */
final class Snowflakes {
  static final long DISCORD_EPOCH = 1_420_070_400_000L;
  private final Clock clock;
  private final AtomicLong last = new AtomicLong();

  Snowflakes(Clock clock) {
    this.clock = clock;
  }

  String next() {
    long candidate = (clock.millis() - DISCORD_EPOCH) << 22;
    return Long.toUnsignedString(last.updateAndGet(previous -> Math.max(previous + 1, candidate)));
  }

  /** An id for something made at {@code time}, with a random low part. */
  static String at(Instant time) {
    long random = ThreadLocalRandom.current().nextLong(1 << 22);
    return Long.toUnsignedString(((time.toEpochMilli() - DISCORD_EPOCH) << 22) | random);
  }

  static Instant timeOf(String id) {
    return Instant.ofEpochMilli((Long.parseUnsignedLong(id) >>> 22) + DISCORD_EPOCH);
  }
}
