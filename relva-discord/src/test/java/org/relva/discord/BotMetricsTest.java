package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.MatchRules;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.store.RelvaStore;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;

/** {@link BotMetrics}: the meters, driven by a real core's events and real hooks. */
class BotMetricsTest {
  private static final String GUILD = "123456789012345678";
  private static final ChannelId LOBBY = ChannelId.of("kiwipugs");
  private static final Region US_E = Region.of("us-e");

  private final MockClock time = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, time);
  private final BotMetrics metrics = BotMetrics.on(registry);
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T18:00:00Z"));
  private final Relva relva = Relva.builder().clock(clock).channels(new FakePartyChannels())
      .config(RelvaConfig.defaults().withMatchRules(MatchRules.defaults()
          .withReadyTimeout(Duration.ofSeconds(30)))).build();

  private QueueEntry join(int n) {
    return relva.joinQueue(Member.of(String.valueOf(100 + n), "p" + n), LOBBY, null)
        .orElseThrow();
  }

  private String pop(QueueEntry a, QueueEntry b) {
    return relva.pop(US_E, List.of(List.of(a), List.of(b))).orElseThrow().matchId();
  }

  private double readyChecks(String outcome) {
    return registry.get("relva.ready.checks").tags("guild", "123456789012345678", "queue",
        "default", "outcome", outcome).counter().count();
  }

  @Test
  @DisplayName("pops, waits, every ready-check outcome, finished matches and the queue's depth "
      + "are counted from the core's events")
  void queueAndMatchEvents_areCounted() {
    metrics.bind(relva, GUILD);
    QueueEntry one = join(1);
    QueueEntry two = join(2);
    QueueEntry three = join(3);
    QueueEntry four = join(4);
    assertThat(registry.get("relva.queue.entries").tag("queue", "default").gauge().value())
        .isEqualTo(4);
    assertThat(readyChecks("declined")).isZero(); // every outcome is there from the start

    clock.advance(Duration.ofMinutes(2));
    String confirmed = pop(one, two);
    relva.acceptMatch(UserId.of("101"), confirmed).orElseThrow();
    relva.acceptMatch(UserId.of("102"), confirmed).orElseThrow();
    relva.setResult(confirmed, MatchResult.win(0)).orElseThrow();

    String declined = pop(three, four);
    relva.declineMatch(UserId.of("103"), declined).orElseThrow(); // four goes back in the queue
    assertThat(registry.get("relva.queue.entries").gauge().value()).isEqualTo(1);
    assertThat(registry.get("relva.queue.players").gauge().value()).isEqualTo(1);

    QueueEntry five = join(5);
    String timedOut = pop(relva.queue().get(0), five);
    clock.advance(Duration.ofSeconds(31));
    relva.tick();

    String cancelled = pop(join(6), join(7));
    relva.cancelMatch(cancelled, "", true).orElseThrow();

    assertThat(timedOut).isNotEqualTo(cancelled);
    assertThat(registry.get("relva.matches.popped").counter().count()).isEqualTo(4);
    assertThat(registry.get("relva.matches.finished").counter().count()).isEqualTo(1);
    assertThat(readyChecks("confirmed")).isEqualTo(1);
    assertThat(readyChecks("declined")).isEqualTo(1);
    assertThat(readyChecks("timed_out")).isEqualTo(1);
    assertThat(readyChecks("cancelled")).isEqualTo(1);
    Timer waits = registry.get("relva.queue.wait").tag("queue", "default").timer();
    assertThat(waits.count()).isEqualTo(8);
    // The longest: player 4, popped a second time 2 m after joining (its join time kept).
    assertThat(waits.max(TimeUnit.SECONDS)).isEqualTo(120);
    assertThat(registry.get("relva.queue.entries").gauge().value()).isEqualTo(2); // 6 and 7
  }

  @Test
  @DisplayName("a confirmed match a moderator cancels is no ready-check outcome")
  void cancelAfterConfirmation_isNoReadyCheckOutcome() {
    metrics.bind(relva, GUILD);
    String match = pop(join(1), join(2));
    relva.acceptMatch(UserId.of("101"), match).orElseThrow();
    relva.acceptMatch(UserId.of("102"), match).orElseThrow();
    relva.cancelMatch(match, "server crashed").orElseThrow();

    assertThat(readyChecks("confirmed")).isEqualTo(1);
    assertThat(readyChecks("cancelled")).isZero();
  }

  @Test
  @DisplayName("after close, events are no longer counted")
  void close_stopsCounting() {
    metrics.bind(relva, GUILD);
    metrics.close();
    pop(join(1), join(2));
    assertThat(registry.find("relva.matches.popped").counter()).isNotNull()
        .satisfies(c -> assertThat(c.count()).isZero());
  }

  @Test
  @DisplayName("interactions are timed by the registry's clock, per kind, name and outcome")
  void interactions_timedByKindNameOutcome() {
    InteractionMeter meter = metrics.interactions(GUILD);
    InteractionMeter.Stopwatch join = meter.start(InteractionMeter.Kind.COMMAND, "queue join");
    time.add(Duration.ofMillis(300));
    join.stop(InteractionMeter.Outcome.OK);
    meter.start(InteractionMeter.Kind.BUTTON, "match accept")
        .stop(InteractionMeter.Outcome.REFUSED);

    Timer ok = registry.get("relva.interactions").tags("kind", "command", "name", "queue join",
        "outcome", "ok").timer();
    assertThat(ok.count()).isEqualTo(1);
    assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300);
    assertThat(registry.get("relva.interactions").tags("kind", "button", "name",
        "match accept", "outcome", "refused").timer().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("rate limits, refusals, server errors and lost connections from Discord are "
      + "counted by kind; successes are not")
  void restErrors_countedByKind() throws Exception {
    // A stand-in for Discord's REST API: each request gets the next status.
    java.util.Queue<Integer> statuses = new java.util.ArrayDeque<>(List.of(200, 429, 404, 500,
        204));
    HttpServer discord = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    discord.createContext("/", exchange -> {
      exchange.sendResponseHeaders(statuses.remove(), -1);
      exchange.close();
    });
    discord.start();
    String url = "http://127.0.0.1:" + discord.getAddress().getPort() + "/api/v10/x";
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(metrics.restErrors())
        .retryOnConnectionFailure(false).build();
    try {
      for (int i = 0; i < 5; i++) {
        client.newCall(new Request.Builder().url(url).build()).execute().close();
      }
    } finally {
      discord.stop(0);
    }
    assertThatThrownBy(() -> client.newCall(new Request.Builder().url(url).build()).execute())
        .isInstanceOf(IOException.class); // nobody listens any more
    for (String kind : List.of("rate_limited", "client", "server", "network")) {
      assertThat(registry.get("relva.discord.rest.errors").tag("kind", kind).counter().count())
          .as(kind).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a SQLite journal's commits are timed, and it joins the health check")
  void journal_commitsTimed_andChecked(@TempDir Path dir) {
    metrics.bind(relva, GUILD);
    RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"),
        RelvaStore.Durability.PROCESS_CRASH);
    metrics.watchJournal(store);
    store.commit(List.of(new Change("cooldowns", UserId.of("1"),
        Optional.of(Instant.parse("2026-01-01T00:00:00Z")))));
    assertThat(registry.get("relva.journal.commit").tag("outcome", "ok").timer().count())
        .isEqualTo(1);
    assertThat(metrics.problem()).isEmpty();

    store.close();
    assertThat(metrics.problem()).get().asString().startsWith("the database does not answer")
        .contains("closed");
  }

  @Test
  @DisplayName("health: starting until bound, then each added check in turn")
  void health_startingThenChecks() {
    assertThat(metrics.problem()).contains("Relva is starting");
    metrics.bind(relva, GUILD);
    assertThat(metrics.problem()).isEmpty();
    metrics.check(() -> Optional.of("the Discord gateway is RECONNECT_QUEUED"));
    assertThat(metrics.problem()).contains("the Discord gateway is RECONNECT_QUEUED");
  }

  @Test
  @DisplayName("each server's meters are its own: stopping one removes only its meters, and a "
      + "late interaction of it makes none anew")
  void servers_ownTheirMeters() throws Exception {
    Relva other = Relva.builder().clock(clock).channels(new FakePartyChannels()).build();
    AutoCloseable first = metrics.bind(relva, GUILD);
    metrics.bind(other, "223456789012345678");
    InteractionMeter.Stopwatch late = metrics.interactions(GUILD)
        .start(InteractionMeter.Kind.COMMAND, "queue join");

    first.close();
    late.stop(InteractionMeter.Outcome.OK);

    assertThat(registry.getMeters()).extracting(m -> m.getId().getTag("guild"))
        .doesNotContain(GUILD).contains("223456789012345678");
    assertThat(registry.find("relva.queue.entries").tags("guild", "223456789012345678",
        "queue", "default").gauge()).isNotNull();
  }

  @Test
  @DisplayName("off: nothing is bound, counted or served")
  void off_bindsNothing() {
    BotMetrics off = BotMetrics.off();
    off.bind(relva, GUILD);
    assertThat(off.interactions(GUILD)).isSameAs(InteractionMeter.NONE);
    assertThat(off.port()).isEmpty();
    off.close();
  }
}
