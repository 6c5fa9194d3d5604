package org.relva.testkit.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;
import org.relva.core.model.UserId;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.QueueDaemon;
import org.relva.matchmaking.Ratings;
import org.relva.matchmaking.analytics.MatchQuality;
import org.relva.matchmaking.analytics.Percentiles;
import org.relva.matchmaking.analytics.PopRecord;
import org.relva.matchmaking.analytics.QueueAnalytics;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.ManualExecutor;
import org.relva.testkit.MutableClock;

/**
 * A deterministic simulation of a community's evening: seeded arrivals of solo players and parties
 * through the real core and the real queue daemon, on a virtual clock, and a {@link Report} of the
 * waits and the match quality.
 *
 * <p>Arrivals per region follow a Poisson process at {@link Builder#arrivalsPerMinute}; each
 * arrival is a solo player or a party whose size is drawn from {@link Builder#sizeMix}; every
 * player gets a rating drawn from a normal distribution. Parties are made the way players make
 * them (create, join by code, queue from the party's channel). Time advances in steps of
 * {@link Builder#step}; after each step's arrivals the daemon is ticked and its passes run to
 * completion on a {@link ManualExecutor}, so a run is repeatable to the last event for a seed.
 *
 * <p>Matched players leave and do not come back; each arrival is new people. This class is not
 * thread-safe: build and run one simulation on one thread.
 */
public final class Simulation {
  private final Builder settings;

  private Simulation(Builder settings) {
    this.settings = settings;
  }

  /** A builder with two regions, 6 arrivals a minute in each, for 30 minutes. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs the simulation from an empty queue. */
  public Report run() {
    SplittableRandom random = new SplittableRandom(settings.seed);
    MutableClock clock = MutableClock.atEpochOfTests();
    Instant start = clock.instant();
    Relva relva = Relva.builder()
        .config(RelvaConfig.defaults().withRegions(Regions.of(settings.regions)))
        .channels(new FakePartyChannels())
        .clock(clock)
        .random(new SplittableRandom(settings.seed + 1))
        .build();
    Map<UserId, Double> ratings = new ConcurrentHashMap<>();
    Ratings source = user -> ratings.getOrDefault(user, Ratings.DEFAULT_RATING);
    List<RelvaEvent> events = new ArrayList<>();
    relva.events().subscribe(QueueEvent.class, events::add);
    QueueAnalytics analytics = QueueAnalytics.attach(relva.events(), source,
        MatchQuality.elo(), 1 << 20, 1 << 16, 1 << 20);
    List<String> problems = new ArrayList<>();
    ManualExecutor passes = new ManualExecutor();
    QueueDaemon daemon = QueueDaemon.builder(relva)
        .config(settings.matchmaking)
        .ratings(source)
        .clock(clock)
        .executor(passes)
        .listener(new ProblemLog(problems))
        .build();
    daemon.start();

    int arrivals = 0;
    int players = 0;
    long nextUser = 100_000_000_000_000_000L;
    ChannelId lobby = relva.config().lobby();
    double perStep = settings.arrivalsPerMinute * settings.step.toMillis() / 60_000.0;
    long steps = settings.duration.toMillis() / settings.step.toMillis();
    for (long s = 0; s < steps; s++) {
      for (Region region : settings.regions) {
        int count = poisson(random, perStep);
        for (int a = 0; a < count; a++) {
          int size = drawSize(random);
          List<Member> members = new ArrayList<>();
          for (int m = 0; m < size; m++) {
            long id = nextUser++;
            Member member = Member.of(Long.toString(id), "sim" + id % 1_000_000);
            members.add(member);
            ratings.put(member.id(), Math.max(0, Math.min(3_000,
                settings.ratingMean + random.nextGaussian() * settings.ratingSpread)));
          }
          arrivals++;
          players += size;
          arrive(relva, lobby, region, members, problems);
        }
      }
      daemon.tick();
      passes.runAll();
      clock.advance(settings.step);
    }
    daemon.stop();
    passes.runAll();
    analytics.close();

    Instant end = clock.instant();
    List<PopRecord> pops = ImmutableList.copyOf(analytics.recentPops(Integer.MAX_VALUE)).reverse();
    List<Long> soloWaits = new ArrayList<>();
    List<Long> partyWaits = new ArrayList<>();
    double quality = 0;
    double gap = 0;
    for (PopRecord pop : pops) {
      quality += pop.quality();
      gap += pop.teamGap();
      for (PopRecord.Wait wait : pop.waits()) {
        (wait.party() ? partyWaits : soloWaits).add(wait.waited().toMillis());
      }
    }
    List<QueueEntry> left = relva.queue();
    Duration longestWaiting = left.isEmpty() ? Duration.ZERO
        : Duration.between(left.get(0).joinedAt(), end);
    problems.addAll(MatchInvariants.historyViolations(events));
    return new Report(arrivals, players, pops.size(),
        Percentiles.ofMillis(soloWaits.stream().mapToLong(Long::longValue).toArray()),
        Percentiles.ofMillis(partyWaits.stream().mapToLong(Long::longValue).toArray()),
        pops.isEmpty() ? 0 : quality / pops.size(), pops.isEmpty() ? 0 : gap / pops.size(),
        left.size(), longestWaiting, Duration.between(start, end), problems);
  }

  private static void arrive(Relva relva, ChannelId lobby, Region region, List<Member> members,
      List<String> problems) {
    if (members.size() == 1) {
      relva.joinQueue(members.get(0), lobby, region.code()).failure()
          .ifPresent(f -> problems.add("solo join refused: " + f.message()));
      return;
    }
    Member leader = members.get(0);
    Party party = relva.createParty(leader, lobby, region.code()).orElseThrow();
    for (Member member : members.subList(1, members.size())) {
      relva.joinParty(member, lobby, party.joinCode().display()).orElseThrow();
    }
    ChannelId channel = relva.channel(party.id()).orElseThrow();
    relva.queueParty(leader.id(), channel).failure()
        .ifPresent(f -> problems.add("party queue refused: " + f.message()));
  }

  private int drawSize(SplittableRandom random) {
    double total = 0;
    for (double w : settings.sizeMix) {
      total += w;
    }
    double roll = random.nextDouble() * total;
    for (int i = 0; i < settings.sizeMix.length; i++) {
      roll -= settings.sizeMix[i];
      if (roll < 0) {
        return i + 1;
      }
    }
    return 1;
  }

  /** A Poisson draw by Knuth's method; the mean per step is small. */
  private static int poisson(SplittableRandom random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      count++;
      product *= random.nextDouble();
    }
    return count;
  }

  /**
   * What a simulation saw.
   *
   * @param arrivals entities that arrived (solo players and parties)
   * @param players players that arrived
   * @param matches matches popped
   * @param soloWaits the waits of matched solo players
   * @param partyWaits the waits of matched parties
   * @param meanQuality the mean match quality (0 to 1) of the pops
   * @param meanTeamGap the mean gap between the strongest and weakest team's ratings
   * @param stillQueued entities still waiting at the end
   * @param longestStillWaiting how long the oldest of those has waited
   * @param simulated the simulated time
   * @param problems anything that went wrong: rejected or refused proposals, refused joins,
   *     daemon errors, broken history invariants; empty in a healthy run
   */
  public record Report(int arrivals, int players, int matches, Percentiles soloWaits,
      Percentiles partyWaits, double meanQuality, double meanTeamGap, int stillQueued,
      Duration longestStillWaiting, Duration simulated, List<String> problems) {
    public Report {
      problems = ImmutableList.copyOf(problems);
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT,
          "%d arrivals (%d players) in %s: %d matches; solo waits p50 %ss p90 %ss p99 %ss; "
              + "party waits p50 %ss p99 %ss; mean quality %.3f, mean team gap %.1f; "
              + "%d still queued (longest %ss); %d problems",
          arrivals, players, simulated, matches, soloWaits.p50().toSeconds(),
          soloWaits.p90().toSeconds(), soloWaits.p99().toSeconds(), partyWaits.p50().toSeconds(),
          partyWaits.p99().toSeconds(), meanQuality, meanTeamGap, stillQueued,
          longestStillWaiting.toSeconds(), problems.size());
    }
  }

  /** The settings of a simulation. Every setter validates its value. */
  public static final class Builder {
    private long seed = 1;
    private Duration duration = Duration.ofMinutes(30);
    private Duration step = Duration.ofSeconds(1);
    private double arrivalsPerMinute = 6;
    private List<Region> regions = List.of(Region.of("us-e"), Region.of("eu"));
    private double[] sizeMix = {0.7, 0.12, 0.08, 0.05, 0.05};
    private double ratingMean = 1_500;
    private double ratingSpread = 300;
    private MatchmakingConfig matchmaking = MatchmakingConfig.defaults();

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How much time to simulate. */
    public Builder duration(Duration duration) {
      checkArgument(!duration.isNegative() && !duration.isZero(), "duration must be positive");
      this.duration = duration;
      return this;
    }

    /** The clock's step; the daemon is ticked once a step. */
    public Builder step(Duration step) {
      checkArgument(!step.isNegative() && step.toMillis() > 0, "step must be at least 1 ms");
      this.step = step;
      return this;
    }

    /** The mean number of arrivals (solo players or parties) a minute, in each region. */
    public Builder arrivalsPerMinute(double rate) {
      checkArgument(rate >= 0 && Double.isFinite(rate), "the arrival rate must be finite and >= 0");
      this.arrivalsPerMinute = rate;
      return this;
    }

    /** The regions arrivals come to; the matchmaking's region policy must know no others. */
    public Builder regions(Region... regions) {
      checkArgument(regions.length > 0, "at least one region");
      this.regions = List.of(regions);
      return this;
    }

    /** Weights of arrival sizes 1 (solo) to 5 (a full party). */
    public Builder sizeMix(double solo, double two, double three, double four, double five) {
      double[] mix = {solo, two, three, four, five};
      for (double w : mix) {
        checkArgument(w >= 0 && Double.isFinite(w), "size weights must be finite and >= 0");
      }
      checkArgument(solo + two + three + four + five > 0, "some size must have weight");
      this.sizeMix = mix;
      return this;
    }

    /** The mean and standard deviation of players' ratings. */
    public Builder ratings(double mean, double spread) {
      checkArgument(Double.isFinite(mean) && spread >= 0 && Double.isFinite(spread),
          "ratings need a finite mean and a finite, non-negative spread");
      this.ratingMean = mean;
      this.ratingSpread = spread;
      return this;
    }

    public Builder matchmaking(MatchmakingConfig config) {
      this.matchmaking = requireNonNull(config, "config");
      return this;
    }

    public Simulation build() {
      return new Simulation(this);
    }
  }
}
