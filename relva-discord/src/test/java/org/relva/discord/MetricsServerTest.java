package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.Relva;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;

/** The metrics endpoint over real HTTP: {@code /metrics}, {@code /health}, and nothing else. */
class MetricsServerTest {
  private static final String GUILD = "123456789012345678";
  private static final ChannelId LOBBY = ChannelId.of("kiwipugs");
  private static final MetricsSettings ANY_PORT = new MetricsSettings(Optional.of(0),
      "127.0.0.1");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .build();
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T18:00:00Z"));
  private final Relva relva =
      Relva.builder().clock(clock).channels(new FakePartyChannels()).build();
  private final BotMetrics metrics = BotMetrics.serve(new PrometheusMeterRegistry(
      PrometheusConfig.DEFAULT, new PrometheusRegistry(), new MockClock()), ANY_PORT);

  @AfterEach
  void close() {
    metrics.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + metrics.port().orElseThrow() + path);
  }

  @Test
  @DisplayName("/metrics answers in Prometheus' text format with the relva_ metrics and their "
      + "values")
  void metrics_prometheusText() throws Exception {
    metrics.bind(relva, GUILD);
    metrics.restErrors(); // as the bot's JDA client does: the counters show from the start
    QueueEntry a = relva.joinQueue(Member.of("101", "a"), LOBBY, null).orElseThrow();
    QueueEntry b = relva.joinQueue(Member.of("102", "b"), LOBBY, null).orElseThrow();
    relva.joinQueue(Member.of("103", "c"), LOBBY, null).orElseThrow();
    clock.advance(Duration.ofSeconds(90));
    relva.pop(Region.of("us-e"), List.of(List.of(a), List.of(b))).orElseThrow();

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).get().asString()
        .startsWith("text/plain; version=0.0.4");
    assertThat(response.body())
        .contains("relva_queue_entries{guild=\"123456789012345678\",queue=\"default\"} 1.0")
        .contains("relva_queue_players{guild=\"123456789012345678\",queue=\"default\"} 1.0")
        .contains("relva_matches_popped_total{guild=\"123456789012345678\",queue=\"default\"} "
            + "1.0")
        .contains("relva_queue_wait_seconds_count{guild=\"123456789012345678\","
            + "queue=\"default\"} 2")
        .contains("relva_queue_wait_seconds_sum{guild=\"123456789012345678\","
            + "queue=\"default\"} 180.0")
        .contains("relva_ready_checks_total{guild=\"123456789012345678\",outcome=\"timed_out\","
            + "queue=\"default\"} 0.0")
        .contains("relva_discord_rest_errors_total{kind=\"rate_limited\"} 0.0")
        .contains("jvm_memory_used_bytes")
        .doesNotContain("\"101\"").doesNotContain("\"102\""); // no user id as a tag
  }

  @Test
  @DisplayName("/health is 503 while starting, 200 ok once bound, 503 with the reason when a "
      + "check fails")
  void health_okAndUnhealthy() throws Exception {
    HttpResponse<String> starting = get("/health");
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(starting.body()).isEqualTo("unhealthy: Relva is starting\n");

    metrics.bind(relva, GUILD);
    HttpResponse<String> ok = get("/health");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("ok\n");

    metrics.check(() -> Optional.of("the Discord gateway is DISCONNECTED"));
    HttpResponse<String> down = get("/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).isEqualTo("unhealthy: the Discord gateway is DISCONNECTED\n");
  }

  @Test
  @DisplayName("other paths are 404, other methods 405")
  void otherPathsAndMethods() throws Exception {
    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
    assertThat(get("/admin").statusCode()).isEqualTo(404);
    HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET");
  }

  @Test
  @DisplayName("a port in use is refused with a message naming RELVA_METRICS_PORT")
  void portInUse_isRefused() {
    int taken = metrics.port().orElseThrow();
    assertThatThrownBy(() -> BotMetrics.start(new MetricsSettings(Optional.of(taken),
        "127.0.0.1")))
        .isInstanceOf(BotConfig.ConfigException.class)
        .hasMessageStartingWith("RELVA_METRICS_PORT: cannot serve the metrics on 127.0.0.1:"
            + taken)
        .hasMessageContaining("RELVA_METRICS_PORT=0");
  }

  @Test
  @DisplayName("a health check that hangs (a stuck database) gets a 503 in bounded time, and "
      + "/metrics still answers meanwhile")
  void health_hangingCheck_is503() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (MetricsServer server = MetricsServer.start(new java.net.InetSocketAddress(
        java.net.InetAddress.getLoopbackAddress(), 0), () -> "relva_up 1\n", () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.empty();
        }, Duration.ofMillis(200))) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health"))
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).isEqualTo("unhealthy: the health check did not answer within "
          + "200 ms\n");
      HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(base.resolve("/metrics"))
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).isEqualTo("relva_up 1\n");
      release.countDown();
    }
  }

  @Test
  @DisplayName("after close nothing listens")
  void close_stopsListening() {
    metrics.close();
    assertThatThrownBy(() -> get("/metrics")).isInstanceOf(java.io.IOException.class);
  }
}
