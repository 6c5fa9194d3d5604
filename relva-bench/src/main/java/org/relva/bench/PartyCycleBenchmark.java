package org.relva.bench;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.relva.core.Outcome;
import org.relva.core.PartyTally;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.JoinCode;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.testkit.FakePartyChannels;

/**
 * The cost of one party's whole life in the core: create, join, queue, de-queue, disband, with two
 * members, measured against the raw map operations that life performs on the stores.
 *
 * <p>{@link #cycle} runs the five operations on a {@link Relva} with in-memory stores, a fixed
 * clock, a channel port that does nothing, and the default direct event bus with no listeners.
 * {@link #rawMapBaseline} performs, directly on {@link ConcurrentHashMap}s of the same key and
 * value types, the 43 store operations one cycle makes (counted on that method). Both report
 * operations per second, one operation being one cycle, so in the same run
 * {@code cycle / rawMapBaseline} is the share of a cycle's time spent in the maps themselves, and
 * its inverse is how many times slower the core is than its bare map work. The difference is the
 * core: the lock (six acquisitions), {@code Optional} wrapping in the stores, rule checks, new
 * immutable snapshots, the bookkeeping of a creation in progress, and seven queued effects (five
 * events and two channel calls) run after each unlock.
 *
 * <p>Limits: one thread, so the lock is never contended; no listener, Discord or network cost; the
 * fixed clock makes every queue stay zero long. The baseline reuses the same key and value objects
 * on every call and so is kinder to the caches than the cycle, which makes fresh ids and codes;
 * the ratio slightly overstates the core's overhead for that reason.
 *
 * <p>Run with {@code java -jar relva-bench/target/benchmarks.jar PartyCycle}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class PartyCycleBenchmark {
  private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
  private static final long SEED = 0x5EED_2025L;
  /** The one channel the fake port ever opens; only one party lives at a time, so it is enough. */
  private static final ChannelId PARTY_CHANNEL = ChannelId.of("1300000000000000001");

  /** A core and the two members who go through the cycle. One per benchmark thread. */
  @State(Scope.Thread)
  public static class Core {
    /**
     * Where ids and join codes come from. {@code seeded}: a {@link SplittableRandom} with a fixed
     * seed, to take the cost and the jitter of a secure generator out of the measurement.
     * {@code secure}: the builder's default, a {@link SecureRandom}, which is what production
     * uses, so the cost of unguessable ids is visible next to the seeded figure.
     */
    @Param({"seeded", "secure"})
    public String random = "seeded";

    final Member leader = Member.of("100000000000000001", "Leader");
    final Member second = Member.of("100000000000000002", "Second");
    final UserId leaderId = leader.id();
    // Set by setUp, which JMH runs after injecting the parameter and before any benchmark call.
    Relva relva;
    ChannelId lobby;

    @Setup(Level.Trial)
    public void setUp() {
      Relva.Builder builder = Relva.builder()
          .channels(FakePartyChannels.noop(party -> PARTY_CHANNEL))
          .clock(Clock.fixed(EPOCH, ZoneOffset.UTC));
      switch (random) {
        case "seeded" -> builder.random(new SplittableRandom(SEED));
        case "secure" -> { } // keep the builder's default SecureRandom
        default -> throw new IllegalArgumentException(
            "random: expected seeded or secure, got " + random);
      }
      relva = builder.build();
      lobby = relva.config().lobby();
    }
  }

  /**
   * The leader creates a party from the lobby, the second member joins with its code, the leader
   * queues it, takes it out of the queue and disbands it from the party's channel.
   */
  @Benchmark
  public void cycle(Core core, Blackhole bh) {
    Relva relva = core.relva;
    Party created = succeeded(relva.createParty(core.leader, core.lobby, null));
    Party joined = succeeded(
        relva.joinParty(core.second, core.lobby, created.joinCode().value()));
    QueueEntry queued = succeeded(relva.queueParty(core.leaderId, PARTY_CHANNEL));
    QueueEntry dequeued = succeeded(relva.dequeueParty(core.leaderId, PARTY_CHANNEL));
    Party disbanded = succeeded(relva.disbandParty(core.leaderId, PARTY_CHANNEL));
    bh.consume(created);
    bh.consume(joined);
    bh.consume(queued);
    bh.consume(dequeued);
    bh.consume(disbanded);
  }

  /** Bare maps standing in for {@code RelvaStores.inMemory()}, and one party's worth of values. */
  @State(Scope.Thread)
  public static class Maps {
    final ConcurrentHashMap<EntityId, Party> parties = new ConcurrentHashMap<>();
    final ConcurrentHashMap<UserId, EntityId> leaders = new ConcurrentHashMap<>();
    final ConcurrentHashMap<EntityId, ChannelId> channels = new ConcurrentHashMap<>();
    final ConcurrentHashMap<UserId, EntityId> memberships = new ConcurrentHashMap<>();
    final ConcurrentHashMap<JoinCode, EntityId> joinCodes = new ConcurrentHashMap<>();
    final ConcurrentHashMap<EntityId, QueueEntry> queue = new ConcurrentHashMap<>();
    final ConcurrentHashMap<UserId, EntityId> soloTickets = new ConcurrentHashMap<>();
    final ConcurrentHashMap<EntityId, PartyTally> tallies = new ConcurrentHashMap<>();

    final UserId leader = UserId.of("100000000000000001");
    final UserId second = UserId.of("100000000000000002");
    final EntityId id = EntityId.of("K8d0wl5");
    final JoinCode code = new JoinCode("HX7K3MQD");
    final Party alone = Party.create(id, Region.of("us-e"), new Member(leader, "Leader"), code,
        EPOCH);
    final Party pair = alone.plus(new Member(second, "Second"));
    final QueueEntry entry = new QueueEntry(pair, EPOCH);
    /** What the cycle's fixed clock makes of every stay in the queue. */
    final Duration stay = Duration.ZERO;
  }

  /**
   * The store operations of one {@link #cycle}, in its order, read off {@code Relva}: 25 reads
   * ({@code get}, {@code containsKey}) and 18 writes, 43 in all. Each result is checked as the
   * core checks it, so the reads cannot be optimised away and a drift from the cycle fails loudly.
   * What the core does outside the stores (its lock, the sets of creations in progress, the
   * wrong-code map, effects and events) is left out on purpose: that is the overhead measured.
   *
   * <pre>
   *   step      reads  writes
   *   create      5      6
   *   join        7      2
   *   queue       4      1
   *   de-queue    5      2
   *   disband     4      7
   *   total      25     18
   * </pre>
   */
  @Benchmark
  public void rawMapBaseline(Maps m, Blackhole bh) {
    UserId leader = m.leader;
    UserId second = m.second;
    EntityId id = m.id;

    // create: the leader is free, the new id and code are unused, then six inserts.
    expect(m.memberships.get(leader) == null);
    expect(!m.soloTickets.containsKey(leader));
    expect(!m.parties.containsKey(id));
    expect(!m.queue.containsKey(id));
    expect(!m.joinCodes.containsKey(m.code));
    expect(m.parties.putIfAbsent(id, m.alone) == null);
    expect(m.leaders.putIfAbsent(leader, id) == null);
    expect(m.memberships.putIfAbsent(leader, id) == null);
    expect(m.joinCodes.putIfAbsent(m.code, id) == null);
    expect(m.channels.putIfAbsent(id, PARTY_CHANNEL) == null);
    m.tallies.put(id, PartyTally.EMPTY);

    // join: the member is free, the code finds the party, which is not queued; swap the snapshot.
    expect(m.memberships.get(second) == null);
    expect(!m.soloTickets.containsKey(second));
    expect(id.equals(m.joinCodes.get(m.code)));
    expect(m.parties.get(id) == m.alone);
    expect(!m.queue.containsKey(id));
    expect(m.parties.replace(id, m.alone, m.pair));
    expect(m.queue.get(id) == null);
    expect(m.memberships.putIfAbsent(second, id) == null);
    expect(m.channels.get(id) == PARTY_CHANNEL);

    // queue: find the leader's party and channel, check it is not queued, insert the entry.
    expect(id.equals(m.memberships.get(leader)));
    expect(m.parties.get(id) == m.pair);
    expect(m.channels.get(id) == PARTY_CHANNEL);
    expect(m.queue.get(id) == null);
    expect(m.queue.putIfAbsent(id, m.entry) == null);

    // de-queue: as above, the entry is read twice, removed, and the stay added to the tally.
    expect(id.equals(m.memberships.get(leader)));
    expect(m.parties.get(id) == m.pair);
    expect(m.channels.get(id) == PARTY_CHANNEL);
    expect(m.queue.get(id) == m.entry);
    expect(m.queue.get(id) == m.entry);
    expect(m.queue.remove(id, m.entry));
    Duration stay = m.stay;
    PartyTally tally = m.tallies.compute(id, (k, t) -> {
      PartyTally before = t == null ? PartyTally.EMPTY : t;
      return new PartyTally(before.queuedBefore().plus(stay), before.matches());
    });

    // disband: as above, not queued, then every index of the party goes.
    expect(id.equals(m.memberships.get(leader)));
    expect(m.parties.get(id) == m.pair);
    expect(m.channels.get(id) == PARTY_CHANNEL);
    expect(m.queue.get(id) == null);
    expect(m.parties.remove(id, m.pair));
    expect(m.leaders.remove(leader, id));
    expect(m.memberships.remove(leader, id));
    expect(m.memberships.remove(second, id));
    expect(m.joinCodes.remove(m.code, id));
    expect(m.tallies.remove(id) == tally);
    expect(m.channels.remove(id) == PARTY_CHANNEL);

    bh.consume(tally);
  }

  /** The value of a success; a refusal means the cycle broke, which must not pass for speed. */
  private static <T> T succeeded(Outcome<T> outcome) {
    if (!outcome.isSuccess()) {
      throw new IllegalStateException("the party cycle was refused: " + outcome.failure());
    }
    return outcome.orElseThrow();
  }

  private static void expect(boolean condition) {
    if (!condition) {
      throw new IllegalStateException("the raw map baseline no longer matches the cycle");
    }
  }
}
