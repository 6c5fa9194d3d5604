package org.relva.discord;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics endpoint: the JDK's own HTTP server, answering {@code GET /metrics} with the
 * Prometheus text format and {@code GET /health} with 200 {@code ok} or 503 and the reason; any
 * other path is 404, any other method 405. It serves one request at a time on a thread of its own
 * (Prometheus scrapes every 15 s or so), and never a JDA or command thread.
 *
 * <p>There is no authentication and no TLS: bind it to {@code 127.0.0.1}, or put it behind a
 * firewall or a proxy that adds them. This class is thread-safe.
 */
final class MetricsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
  /** Prometheus' text exposition format, which {@code PrometheusMeterRegistry.scrape()} writes. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** What is wrong with the bot, or empty when it is healthy. Thread-safe. */
  @FunctionalInterface
  interface Health {
    Optional<String> problem();
  }

  /** How long {@code /health} waits for its checks: a probe wants an answer, not a hang. */
  static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

  private final HttpServer server;
  private final ExecutorService worker;
  private final ExecutorService checker;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MetricsServer(HttpServer server, ExecutorService worker, ExecutorService checker) {
    this.server = server;
    this.worker = worker;
    this.checker = checker;
  }

  /**
   * Serves {@code scrape}'s text and {@code health} on {@code address} (port 0: any free one,
   * see {@link #port()}) until closed.
   *
   * @throws IOException if the address cannot be bound (the port is in use, say)
   */
  static MetricsServer start(InetSocketAddress address, Supplier<String> scrape, Health health)
      throws IOException {
    return start(address, scrape, health, HEALTH_TIMEOUT);
  }

  /**
   * As {@link #start(InetSocketAddress, Supplier, Health)}, with {@code /health} answering 503
   * when its checks take longer than {@code healthTimeout} (a database that hangs, say). The
   * checks run on a thread of their own, so a hanging one holds up neither {@code /metrics} nor
   * the next probe's answer.
   */
  static MetricsServer start(InetSocketAddress address, Supplier<String> scrape, Health health,
      Duration healthTimeout) throws IOException {
    requireNonNull(scrape, "scrape");
    requireNonNull(health, "health");
    HttpServer server = HttpServer.create(address, 0);
    ExecutorService worker = Executors.newSingleThreadExecutor(
        DiscordBot.threads("relva-metrics"));
    ExecutorService checker = Executors.newSingleThreadExecutor(
        DiscordBot.threads("relva-health"));
    server.setExecutor(worker);
    server.createContext("/", exchange -> {
      try (exchange) {
        answer(exchange, scrape, () -> within(health, checker, healthTimeout));
      } catch (RuntimeException e) {
        LOG.warn("The metrics endpoint failed to answer {}: {}", exchange.getRequestURI(),
            e.toString());
      }
    });
    server.start();
    return new MetricsServer(server, worker, checker);
  }

  /** {@code health}'s answer, run on {@code checker}, or a problem if it takes over {@code max}. */
  private static Optional<String> within(Health health, ExecutorService checker, Duration max) {
    CompletableFuture<Optional<String>> answer;
    try {
      answer = CompletableFuture.supplyAsync(health::problem, checker);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return Optional.of("the metrics endpoint is closing");
    }
    try {
      return answer.get(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(false);
      return Optional.of("the health check did not answer within " + max.toMillis() + " ms");
    } catch (ExecutionException e) {
      return Optional.of("the health check failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("the health check was interrupted");
    }
  }

  private static void answer(HttpExchange exchange, Supplier<String> scrape, Health health)
      throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!path.equals("/metrics") && !path.equals("/health")) {
      send(exchange, 404, "text/plain; charset=utf-8", "Not found: try /metrics or /health\n");
      return;
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET");
      send(exchange, 405, "text/plain; charset=utf-8", "Only GET\n");
      return;
    }
    if (path.equals("/metrics")) {
      send(exchange, 200, PROMETHEUS_TEXT, scrape.get());
      return;
    }
    Optional<String> problem;
    try {
      problem = health.problem();
    } catch (RuntimeException e) {
      problem = Optional.of("the health check failed: " + e);
    }
    if (problem.isEmpty()) {
      send(exchange, 200, "text/plain; charset=utf-8", "ok\n");
    } else {
      send(exchange, 503, "text/plain; charset=utf-8", "unhealthy: " + problem.get() + "\n");
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port it listens on: the one asked for, or the one chosen for port 0. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening at once; a scrape in progress is cut. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    worker.shutdownNow();
    checker.shutdownNow();
  }
}
