package org.relva.discord;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.relva.core.QueueSpec;
import org.relva.core.Relva;
import org.relva.core.event.EventBus;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.relva.store.RelvaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator sees of the bot ({@code RELVA_METRICS_PORT}): the meters, the events and hooks
 * they are bound to, and the {@link MetricsServer} that serves them to Prometheus. Every meter is
 * named here, and only here; {@code OPERATOR.md} lists them.
 *
 * <p>The meters of a server's queue, matches and interactions are tagged {@code guild} (the
 * server's id) and, for a queue and its matches, {@code queue} (the queue's name: {@code default},
 * or one a server set up with {@code /setup}); they come when the bot starts serving the
 * server ({@link #bind}) and go when it stops. The process's own (Discord's REST errors, the
 * database's commits, the JVM's) have neither. No tag ever holds a user id, a match id or
 * anything a user typed, so the number of series stays bounded: a few dozen a server.
 *
 * <ul>
 *   <li>{@code relva_queue_entries}, {@code relva_queue_players}: gauges read from the core's
 *       queue at each scrape (parties count once in entries, by their members in players);
 *   <li>{@code relva_queue_wait_seconds}: from an entry's join to its pop, one sample per entry
 *       popped (an entry requeued after a failed ready check keeps its join time, so its second
 *       pop counts the whole wait);
 *   <li>{@code relva_matches_popped_total}, {@code relva_matches_finished_total};
 *   <li>{@code relva_ready_checks_total{outcome}}: confirmed (everyone accepted), declined (a
 *       player declined, or left the party during the check), timed_out, cancelled (by a
 *       moderator, or called off with nobody at fault);
 *   <li>{@code relva_interactions_seconds{kind,name,outcome}}: see {@link InteractionMeter};
 *   <li>{@code relva_discord_rest_errors_total{kind}}: every REST response from Discord that is
 *       429 ({@code rate_limited}; JDA waits and retries it), another 4xx ({@code client}), 5xx
 *       ({@code server}), or no response at all ({@code network}), counted on JDA's HTTP client,
 *       so requests from anywhere in the bot count;
 *   <li>{@code relva_journal_commit_seconds{outcome=ok|failed}}: each commit to the database;
 *   <li>the JVM's memory, garbage collection, threads, CPU and uptime, Micrometer's standard
 *       names ({@code jvm_*}, {@code process_*}, {@code system_*}).
 * </ul>
 *
 * <p>Time is the registry's clock (a {@code MockClock} in tests), except the queue waits, which
 * are the difference between the core's own timestamps. This class is thread-safe.
 */
final class BotMetrics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BotMetrics.class);

  private final MeterRegistry registry;
  private final boolean on;
  private final @Nullable MetricsServer server;
  private final List<MetricsServer.Health> checks = new CopyOnWriteArrayList<>();
  private final List<EventBus.Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> binders = new CopyOnWriteArrayList<>();
  /** Servers no longer served: a late interaction's time is dropped, not a meter made anew. */
  private final java.util.Set<String> stopped = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Whether the bot is up ({@link #up}, or a {@link #bind}): until then it is not healthy. */
  private volatile boolean bound;

  private BotMetrics(MeterRegistry registry, boolean on, @Nullable MetricsServer server) {
    this.registry = registry;
    this.on = on;
    this.server = server;
  }

  /**
   * The metrics {@code settings} ask for: served on their address and port from now on, or, when
   * they are off, a stand-in that binds and serves nothing.
   *
   * @throws BotConfig.ConfigException if the address cannot be bound; the message names
   *     {@code RELVA_METRICS_PORT} and the fix
   */
  static BotMetrics start(MetricsSettings settings) {
    if (!settings.on()) {
      return off();
    }
    return serve(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), settings);
  }

  /** Metrics on {@code registry} (whose clock they keep), served as {@code settings} say. */
  static BotMetrics serve(PrometheusMeterRegistry registry, MetricsSettings settings) {
    int port = settings.port().orElseThrow();
    BotMetrics[] self = new BotMetrics[1];
    MetricsServer server;
    try {
      server = MetricsServer.start(new InetSocketAddress(InetAddresses.forString(settings.bind()),
          port), registry::scrape, () -> self[0].problem());
    } catch (IOException e) {
      registry.close();
      throw new BotConfig.ConfigException("RELVA_METRICS_PORT: cannot serve the metrics on "
          + settings.bind() + ":" + port + " (" + e.getMessage() + "). Choose a free port, for "
          + "example RELVA_METRICS_PORT=9464, or RELVA_METRICS_PORT=0 for any free one.");
    }
    self[0] = new BotMetrics(registry, true, server);
    self[0].bindJvm();
    LOG.info("Metrics for Prometheus at http://{}:{}/metrics, health at /health",
        settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind(),
        server.port());
    return self[0];
  }

  /** Meters on {@code registry}, and no server: for tests. */
  static BotMetrics on(MeterRegistry registry) {
    return new BotMetrics(registry, true, null);
  }

  /** No metrics: binds nothing, serves nothing. */
  static BotMetrics off() {
    return new BotMetrics(new CompositeMeterRegistry(), false, null);
  }

  /** The port the metrics are served on, if they are. */
  Optional<Integer> port() {
    return Optional.ofNullable(server).map(MetricsServer::port);
  }

  /** What {@code /health} reports: the first problem a check finds, or empty when healthy. */
  Optional<String> problem() {
    if (!bound) {
      return Optional.of("Relva is starting");
    }
    for (MetricsServer.Health check : checks) {
      Optional<String> problem = check.problem();
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /** Adds {@code check} to what {@code /health} asks (the Discord gateway's state, say). */
  void check(MetricsServer.Health check) {
    if (on) {
      checks.add(requireNonNull(check, "check"));
    }
  }

  /** The bot is up: {@code /health} answers for its checks from now on. */
  void up() {
    bound = true;
  }

  /**
   * Counts and times what happens in {@code relva}'s queue and matches, from its events, and
   * reads its queue's depth at each scrape, tagged with the server {@code guild}; closing the
   * result stops counting and removes those meters (the bot no longer serves the server). Call
   * once a server, before the first event to count.
   */
  AutoCloseable bind(Relva relva, String guild) {
    if (!on) {
      bound = true;
      return () -> { };
    }
    requireNonNull(guild, "guild");
    stopped.remove(guild);
    List<EventBus.Subscription> subscriptions = new ArrayList<>();
    Map<QueueId, QueueMeters> queues = new HashMap<>();
    for (QueueSpec spec : relva.config().queues()) {
      queues.put(spec.id(), new QueueMeters(relva, spec.id(),
          Tags.of("guild", guild, "queue", spec.id().value())));
    }
    java.util.function.Function<QueueId, Optional<QueueMeters>> of =
        id -> Optional.ofNullable(queues.get(id));
    EventBus events = relva.events();
    subscriptions.add(events.subscribe(QueueEvent.QueuePop.class, pop -> of.apply(
        pop.match().queue()).ifPresent(meters -> {
          meters.popped.increment();
          for (QueueEntry entry : pop.match().entries()) {
            Duration waited = Duration.between(entry.joinedAt(), pop.match().poppedAt());
            meters.waits.record(waited.isNegative() ? Duration.ZERO : waited);
          }
        })));
    subscriptions.add(events.subscribe(MatchEvent.Confirmed.class, confirmed -> of.apply(
        confirmed.match().queue()).ifPresent(meters -> readyChecks(meters.tags,
            ReadyCheck.CONFIRMED).increment())));
    subscriptions.add(events.subscribe(MatchEvent.Cancelled.class, cancelled -> {
      if (cancelled.match().confirmedAt().isEmpty()) { // a confirmed match's check is over
        of.apply(cancelled.match().queue()).ifPresent(meters -> readyChecks(meters.tags,
            ReadyCheck.of(cancelled)).increment());
      }
    }));
    subscriptions.add(events.subscribe(MatchEvent.Finished.class, f -> of.apply(
        f.match().queue()).ifPresent(meters -> meters.finished.increment())));
    this.subscriptions.addAll(subscriptions);
    bound = true;
    return () -> {
      stopped.add(guild);
      subscriptions.forEach(EventBus.Subscription::cancel);
      this.subscriptions.removeAll(subscriptions);
      registry.getMeters().stream().filter(m -> guild.equals(m.getId().getTag("guild")))
          .forEach(registry::remove);
    };
  }

  /** One queue's meters, tagged with its server and its name. */
  private final class QueueMeters {
    final Tags tags;
    final Timer waits;
    final Counter popped;
    final Counter finished;

    QueueMeters(Relva relva, QueueId id, Tags tags) {
      this.tags = tags;
      Gauge.builder("relva.queue.entries", relva, r -> r.queue(id).size()).tags(tags)
          .description("Parties and solo players in the queue").strongReference(true)
          .register(registry);
      Gauge.builder("relva.queue.players", relva,
              r -> r.queue(id).stream().mapToInt(e -> e.entity().size()).sum()).tags(tags)
          .description("Players in the queue").strongReference(true).register(registry);
      waits = Timer.builder("relva.queue.wait").tags(tags)
          .description("From an entry's join to its pop")
          .serviceLevelObjectives(Duration.ofSeconds(30), Duration.ofMinutes(1),
              Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
              Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofHours(1))
          .register(registry);
      popped = Counter.builder("relva.matches.popped").tags(tags)
          .description("Matches the matchmaker formed").register(registry);
      finished = Counter.builder("relva.matches.finished").tags(tags)
          .description("Matches that ended with a result or with none").register(registry);
      for (ReadyCheck outcome : ReadyCheck.values()) {
        readyChecks(tags, outcome); // every outcome shows from the start, at 0
      }
    }
  }

  /** How a ready check ended. */
  enum ReadyCheck {
    CONFIRMED, DECLINED, TIMED_OUT, CANCELLED;

    /**
     * How {@code cancelled}'s ready check ended: with dodgers at or after its deadline it timed
     * out (every match operation applies its deadlines first, so a decline never comes that
     * late); with dodgers before, someone declined; with none, a moderator or a call-off ended it.
     */
    static ReadyCheck of(MatchEvent.Cancelled cancelled) {
      if (cancelled.dodgers().isEmpty()) {
        return CANCELLED;
      }
      MatchRecord match = cancelled.match();
      return cancelled.at().isBefore(match.readyBy()) ? DECLINED : TIMED_OUT;
    }

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private Counter readyChecks(Tags queue, ReadyCheck outcome) {
    return Counter.builder("relva.ready.checks").tags(queue).tag("outcome", outcome.tag())
        .description("Ready checks, by how they ended").register(registry);
  }

  /**
   * Times {@code journal}'s commits and adds it to {@code /health}, if it is a database; a
   * journal in memory has neither.
   */
  void watchJournal(StateJournal journal) {
    if (!on || !(journal instanceof RelvaStore store)) {
      return;
    }
    Timer written = commits("ok");
    Timer failed = commits("failed");
    store.onCommit((took, ok) -> (ok ? written : failed).record(took));
    checks.add(() -> {
      try {
        store.check();
        return Optional.empty();
      } catch (StorageException e) {
        return Optional.of("the database does not answer: " + e.getMessage());
      }
    });
  }

  private Timer commits(String outcome) {
    return Timer.builder("relva.journal.commit").tag("outcome", outcome)
        .description("Commits of the bot's state to its database")
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(1))
        .register(registry);
  }

  /** Times the interactions of server {@code guild}, or nothing when the metrics are off. */
  InteractionMeter interactions(String guild) {
    requireNonNull(guild, "guild");
    if (!on) {
      return InteractionMeter.NONE;
    }
    return (kind, name) -> {
      Timer.Sample sample = Timer.start(registry);
      return outcome -> {
        if (stopped.contains(guild)) {
          return; // the server stopped being served meanwhile: its meters are gone
        }
        sample.stop(Timer.builder("relva.interactions").tag("guild", guild)
            .tag("kind", kind.name().toLowerCase(Locale.ROOT)).tag("name", name)
            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
            .description("From receiving an interaction to its answer being ready")
            .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250),
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
                Duration.ofSeconds(5))
            .register(registry));
      };
    };
  }

  /**
   * Counts Discord's REST errors and rate limits on every response JDA's HTTP client receives;
   * see the class comment.
   */
  Interceptor restErrors() {
    Counter rateLimited = restErrors("rate_limited");
    Counter client = restErrors("client");
    Counter server = restErrors("server");
    Counter network = restErrors("network");
    return chain -> {
      Response response;
      try {
        response = chain.proceed(chain.request());
      } catch (IOException e) {
        network.increment();
        throw e;
      }
      int code = response.code();
      if (code == 429) {
        rateLimited.increment();
      } else if (code >= 500) {
        server.increment();
      } else if (code >= 400) {
        client.increment();
      }
      return response;
    };
  }

  private Counter restErrors(String kind) {
    return Counter.builder("relva.discord.rest.errors").tag("kind", kind)
        .description("Discord REST responses that were errors or rate limits").register(registry);
  }

  /**
   * {@code builder}, with its HTTP client counting REST errors when the metrics are on. The client
   * is set up as JDA's own default (a pool of 5 connections kept 10 s, 25 requests per host).
   */
  DefaultShardManagerBuilder instrument(DefaultShardManagerBuilder builder) {
    if (!on) {
      return builder;
    }
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequestsPerHost(25);
    return builder.setHttpClientBuilder(new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(5, 10, TimeUnit.SECONDS)).dispatcher(dispatcher)
        .addInterceptor(restErrors()));
  }

  private void bindJvm() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);
  }

  /** Stops serving and counting. Idempotent. */
  @Override
  public void close() {
    subscriptions.forEach(EventBus.Subscription::cancel);
    subscriptions.clear();
    for (AutoCloseable binder : binders) {
      try {
        binder.close();
      } catch (Exception e) {
        LOG.debug("Closing a JVM metrics binder failed", e);
      }
    }
    binders.clear();
    if (server != null) {
      server.close();
    }
    registry.close();
  }
}
