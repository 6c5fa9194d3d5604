package org.relva.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.relva.core.Outcome;
import org.relva.core.PartyChannels;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.model.ChannelId;
import org.relva.matchmaking.MatchmakingListener;
import org.relva.testkit.FakePartyChannels;

/**
 * Cores for the benchmarks that drive {@link Relva} itself: in-memory stores, the eight regions of
 * {@link BenchQueues#REGIONS}, a fixed clock, seeded ids and a channel port that does no I/O.
 * Stateless and thread-safe.
 */
final class BenchCores {
  private static final long SEED = 0x5EED_2025L;

  /** The clock of a bench core or server that stands still at {@link BenchQueues#EPOCH}. */
  static final Clock FIXED = Clock.fixed(BenchQueues.EPOCH, ZoneOffset.UTC);

  /** A listener that hears nothing, so that no pass pays for logging. */
  static final MatchmakingListener SILENT = new MatchmakingListener() {};

  private BenchCores() {}

  /**
   * A new core. The clock stands still at {@link BenchQueues#EPOCH}, so every wait is zero and the
   * rules that relax with waiting never do; ids come from a seeded {@link SplittableRandom}, which
   * takes the cost and jitter of a secure generator out of the measurement.
   */
  static Relva core() {
    return core(FIXED);
  }

  /** A new core as {@link #core()}, reading time from {@code clock}. */
  static Relva core(Clock clock) {
    return Relva.builder()
        .config(RelvaConfig.defaults().withRegions(BenchQueues.CONFIGURED))
        .channels(countingChannels())
        .clock(clock)
        .random(new SplittableRandom(SEED))
        .build();
  }

  /**
   * A channel port that does no I/O and hands out a fresh channel id per party, a snowflake-sized
   * number as a real one would.
   */
  static PartyChannels countingChannels() {
    AtomicLong opened = new AtomicLong(1_300_000_000_000_000_000L);
    return FakePartyChannels.noop(party -> ChannelId.of(Long.toString(opened.getAndIncrement())));
  }

  /**
   * A clock that moves on a millisecond every time it is read, from {@link BenchQueues#EPOCH}, so
   * that every reading is a new {@link Instant}, as with a real clock (a fixed clock hands out one
   * instant, shared by everything stamped with it). Not thread-safe.
   */
  static final class SteppingClock extends Clock {
    private long millis;

    @Override
    public Instant instant() {
      return BenchQueues.EPOCH.plusMillis(millis++);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a bench clock has one zone");
    }
  }

  /** The value of a success; a refusal means the benchmark broke, which must not pass for speed. */
  static <T> T succeeded(Outcome<T> outcome, String what) {
    if (!outcome.isSuccess()) {
      throw new IllegalStateException(what + " was refused: " + outcome.failure());
    }
    return outcome.orElseThrow();
  }
}
