package org.relva.examples;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.relva.core.PartyChannels;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.Regions;
import org.relva.core.model.UserId;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.QueueDaemon;
import org.relva.matchmaking.stats.PlayerStats;
import org.relva.matchmaking.stats.RatingBook;

/**
 * Relva embedded in a plain Java program, with no Discord: a party of three and seven solo
 * players queue, the daemon pops a balanced 5v5, everyone accepts, the result is reported and
 * the ratings move. Run it with {@code java -jar examples/target/relva-example.jar}.
 *
 * <p>What an embedder supplies: a {@link PartyChannels} port (here, channels that only print), a
 * clock, and a schedule that calls {@link Relva#tick()} (ready-check timeouts and result expiry
 * happen only when something calls it; {@link #main} shows the schedule, {@link #run} moves a
 * virtual clock by hand so its output is the same every time).
 */
public final class EmbeddedEvening {
  private EmbeddedEvening() {}

  public static void main(String[] args) {
    ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    try {
      run(Clock.systemUTC(), System.out, relva ->
          ticks.scheduleAtFixedRate(relva::tick, 5, 5, TimeUnit.SECONDS));
    } finally {
      ticks.shutdownNow();
    }
  }

  /** What to do with the core once it is built: in a real program, schedule its ticks. */
  public interface Ticking {
    void schedule(Relva relva);
  }

  /** Plays the evening on {@code clock}, printing what happens to {@code out}. */
  public static void run(Clock clock, PrintStream out, Ticking ticking) {
    PartyChannels channels = new PartyChannels() {
      @Override
      public ChannelId open(EntityId party, String name, Member leader) {
        out.println("  (channel " + name + " opened for " + leader.displayName() + ")");
        return ChannelId.of("party-" + party.value());
      }

      @Override
      public void grant(ChannelId channel, Member member) {}

      @Override
      public void revoke(ChannelId channel, UserId user) {}

      @Override
      public void close(ChannelId channel) {}
    };
    Relva relva = Relva.builder()
        .config(RelvaConfig.defaults().withRegions(Regions.of("us-e", "eu")))
        .channels(channels)
        .clock(clock)
        .build();
    ticking.schedule(relva);

    RatingBook book = RatingBook.builder().build();
    book.attach(relva.events());
    relva.events().subscribe(MatchEvent.Opened.class, opened ->
        out.println("Match " + opened.match().id() + " popped: " + teams(opened.match())));
    // Passes run on the thread of the queue event that asks for one: simple, and deterministic.
    QueueDaemon daemon = QueueDaemon.builder(relva).config(MatchmakingConfig.defaults())
        .ratings(book.asRatings()).clock(clock).executor(Runnable::run).build();
    daemon.start();

    ChannelId lobby = relva.config().lobby();
    Member alice = Member.of("1", "alice");
    Party party = relva.createParty(alice, lobby, "us-e").orElseThrow();
    ChannelId partyChannel = relva.channel(party.id()).orElseThrow();
    String code = party.joinCode().display();
    relva.joinParty(Member.of("2", "bob"), lobby, code).orElseThrow();
    relva.joinParty(Member.of("3", "carol"), lobby, code).orElseThrow();
    relva.enqueue(alice, partyChannel, null).orElseThrow();
    out.println("alice's party of 3 is queued in us-e");

    List<String> solos = List.of("dave", "erin", "frank", "grace", "heidi", "ivan", "judy");
    for (int i = 0; i < solos.size(); i++) {
      relva.enqueue(Member.of(Integer.toString(10 + i), solos.get(i)), lobby, "us-e")
          .orElseThrow();
    }
    MatchRecord match = relva.openMatchOf(alice.id()).orElseThrow();
    for (Member player : match.players()) {
      relva.acceptMatch(player.id(), match.id()).orElseThrow();
    }
    out.println("Everyone accepted: match " + match.id() + " is "
        + relva.match(match.id()).orElseThrow().state());

    for (Member player : match.players()) {
      relva.reportResult(player.id(), match.id(), MatchResult.win(0));
    }
    out.println("Match " + match.id() + " ended: " + relva.match(match.id()).orElseThrow()
        .result().orElseThrow());
    for (PlayerStats stats : book.leaderboard(3)) {
      String name = match.players().stream().filter(m -> m.id().equals(stats.user()))
          .map(Member::displayName).findFirst().orElse(stats.user().value());
      out.println("  " + name + ": rating "
          + Math.round(stats.matchmakingRating()) + " after " + stats.games() + " game");
    }
    daemon.stop();
  }

  private static String teams(MatchRecord match) {
    StringBuilder text = new StringBuilder();
    for (int t = 0; t < match.teams().size(); t++) {
      text.append(t == 0 ? "" : " vs ").append(match.teams().get(t).stream()
          .flatMap(e -> e.entity().members().stream()).map(Member::displayName).toList());
    }
    return text.toString();
  }

  /** A clock that moves only when told to, for a repeatable run. */
  public static final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    public ManualClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    public void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
