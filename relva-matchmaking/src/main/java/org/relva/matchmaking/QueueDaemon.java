package org.relva.matchmaking;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.relva.core.Outcome;
import org.relva.core.QueueSpec;
import org.relva.core.Refusal;
import org.relva.core.Relva;
import org.relva.core.event.EventBus;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.EntityId;
import org.relva.core.model.PoppedMatch;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.QueueId;
import org.relva.core.model.Regions;

/**
 * The spec's queue daemon: it listens for queue changes and makes matches. Build one with
 * {@link #builder(Relva)}, then {@link #start()} it.
 *
 * <p>On every {@code partyJoin}, {@code partyLeave}, {@code soloJoin} and {@code soloLeave} (not on
 * its own {@code queuePop}s), and on every {@link #tick()}, the daemon runs a <em>pass</em>: it takes
 * an immutable snapshot of the queue ({@link Relva#queue()}), asks the configured
 * {@link MatchmakingAlgorithm} for proposals, draws each one's teams afresh if
 * {@link MatchmakingConfig#teams()} is {@link TeamChoice#RANDOM}, checks each one with a
 * {@link ProposalValidator}, and applies the valid ones with {@link Relva#pop}, which takes a
 * match's entities out of the queue all or none and publishes {@code queuePop}. An entity that left or changed between the
 * snapshot and the pop makes the core refuse that match, so there are no ghost matches. Rejected
 * and refused proposals, and an algorithm's exceptions, go to the {@link MatchmakingListener};
 * nothing is thrown at the publisher of an event. After a pass that popped a match another pass
 * follows at once, until one pops nothing, so that an algorithm proposing one match at a time
 * still drains the queue.
 *
 * <p>Ticks are what let waits relax the rules (rating windows, region links, the full-party rule)
 * when nobody joins or leaves. With the default executor the daemon ticks itself every
 * {@link MatchmakingConfig#tickPeriod()}; with one of your own it ticks on the scheduler you give,
 * or when you call {@link #tick()}.
 *
 * <h2>Concurrency</h2>
 * This class is thread-safe. Passes run on the executor, one at a time. Requests are coalesced: a
 * request sets a "pass pending" flag and submits a pass only if the flag was clear, and the pass
 * clears it as it starts, so a burst of a thousand events before the pass begins costs one pass,
 * while an event during a pass causes exactly one more. With a direct executor a pass runs on the
 * thread that published the event; a request made from inside a pass (an algorithm or listener
 * that changes the queue) is folded into a re-run rather than a nested pass.
 */
public final class QueueDaemon implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(QueueDaemon.class.getName());

  private enum State { NEW, RUNNING, STOPPED }

  private static final int REMEMBERED_CANCELS = 64;

  private final Relva relva;
  private volatile MatchmakingConfig config;
  private volatile MatchmakingAlgorithm algorithm;
  private final QueueId queue;
  /** Where {@link #reconfigure} finds algorithms; null when the builder fixed one. */
  private final @Nullable AlgorithmRegistry registry;
  private final Ratings ratings;
  private final Clock clock;
  /** Draws teams for {@link TeamChoice#RANDOM}; used only within a pass, under passLock. */
  private final RandomGenerator random;
  private final MatchmakingListener listener;
  private final @Nullable Executor givenExecutor;
  private final @Nullable ScheduledExecutorService givenScheduler;

  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ReentrantLock passLock = new ReentrantLock();
  // Guarded by passLock: a pass was requested from inside a pass on the same thread.
  private boolean again;

  // Set by start(), read by any thread after it.
  private volatile @Nullable Executor executor;
  private final List<EventBus.Subscription> subscriptions = new ArrayList<>();
  /**
   * The teams of ready checks called off with everyone put back in the queue (a moderator's
   * cancel), oldest first, at most {@link #REMEMBERED_CANCELS}: proposing the very same teams
   * again would pop the match the moderator just stopped, so such a proposal is re-split instead
   * (see {@link #unlessRepeat}). A composition is forgotten once any of its entities pops.
   */
  private final LinkedHashSet<Set<Set<EntityId>>> cancelledTeams = new LinkedHashSet<>();
  private @Nullable ScheduledFuture<?> ticks;
  private @Nullable ScheduledExecutorService owned;

  private QueueDaemon(Builder builder, MatchmakingAlgorithm algorithm,
      @Nullable AlgorithmRegistry registry) {
    this.relva = builder.relva;
    this.config = builder.config;
    this.algorithm = algorithm;
    this.queue = builder.queue;
    this.registry = registry;
    this.ratings = builder.ratings;
    this.clock = builder.clock == null ? relva.clock() : builder.clock;
    this.random = builder.random == null ? new SplittableRandom() : builder.random;
    this.listener = builder.listener;
    this.givenExecutor = builder.executor;
    this.givenScheduler = builder.scheduler;
  }

  /** A builder for a daemon over {@code relva}, with the default configuration. */
  public static Builder builder(Relva relva) {
    return new Builder(requireNonNull(relva, "relva"));
  }

  /** The settings this daemon runs with. */
  public MatchmakingConfig config() {
    return config;
  }

  /** The queue this daemon matches ({@link QueueId#DEFAULT} unless the builder named one). */
  public QueueId queue() {
    return queue;
  }

  /**
   * Runs the next passes with {@code next} (and, unless the builder was given an algorithm
   * instance, the algorithm it names), so an operator's change needs no new daemon. Checked as
   * {@link Builder#build()} checks; a pass already running finishes with the old settings.
   *
   * @throws IllegalArgumentException if {@code next} disagrees with the queue's regions or names
   *     an unknown algorithm; the daemon then runs on unchanged
   */
  public void reconfigure(MatchmakingConfig next) {
    requireNonNull(next, "next");
    next.validate(regions(relva, queue));
    MatchmakingAlgorithm chosen = registry == null ? algorithm : registry.create(next);
    passLock.lock();
    try {
      this.algorithm = chosen;
      this.config = next;
    } finally {
      passLock.unlock();
    }
    requestPass();
  }

  private static Regions regions(Relva relva, QueueId queue) {
    return relva.config().queue(queue).map(QueueSpec::regions).orElseThrow(
        () -> new IllegalArgumentException("no queue is named " + queue + "; the queues are "
            + relva.config().queueNames()));
  }

  /** The algorithm this daemon runs. */
  public MatchmakingAlgorithm algorithm() {
    return algorithm;
  }

  /** Whether the daemon has started and not stopped. */
  public boolean isRunning() {
    return state.get() == State.RUNNING;
  }

  /**
   * Subscribes to the queue events, starts the ticks (see the class comment) and requests a first
   * pass over whatever is already queued. A daemon starts once.
   *
   * @throws IllegalStateException if it was started or stopped before
   */
  public synchronized void start() {
    if (state.get() != State.NEW) {
      throw new IllegalStateException("a queue daemon starts once; this one is " + state.get());
    }
    Executor passes = givenExecutor;
    ScheduledExecutorService scheduler = givenScheduler;
    if (passes == null) {
      ScheduledExecutorService own = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relva-queue-daemon");
        thread.setDaemon(true);
        return thread;
      });
      owned = own;
      passes = own;
      if (scheduler == null) {
        scheduler = own;
      }
    }
    executor = passes;
    state.set(State.RUNNING);
    Consumer<QueueEvent> onChange = event -> {
      if (event.queue().equals(queue)) {
        requestPass();
      }
    };
    EventBus events = relva.events();
    subscriptions.add(events.subscribe(QueueEvent.PartyJoin.class, onChange));
    subscriptions.add(events.subscribe(QueueEvent.PartyLeave.class, onChange));
    subscriptions.add(events.subscribe(QueueEvent.SoloJoin.class, onChange));
    subscriptions.add(events.subscribe(QueueEvent.SoloLeave.class, onChange));
    subscriptions.add(events.subscribe(MatchEvent.Cancelled.class, this::rememberCancel));
    if (scheduler != null) {
      long period = config.tickPeriod().toNanos();
      ticks = scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
    }
    requestPass();
  }

  /**
   * Stops the daemon: no more passes start, the subscriptions and ticks are cancelled, and the
   * daemon's own thread, if it has one, is shut down. Returns once a pass in progress on another
   * thread has finished. Idempotent; a daemon stopped before it started never starts.
   */
  public void stop() {
    synchronized (this) {
      State previous = state.getAndSet(State.STOPPED);
      if (previous != State.RUNNING) {
        return;
      }
      subscriptions.forEach(EventBus.Subscription::cancel);
      subscriptions.clear();
      if (ticks != null) {
        ticks.cancel(false);
      }
    }
    if (!passLock.isHeldByCurrentThread()) {
      passLock.lock(); // waits for a pass in progress
      passLock.unlock();
    }
    ScheduledExecutorService own = owned;
    if (own != null) {
      own.shutdown();
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Requests a pass even though the queue did not change, so that waits can relax the rules. Cheap
   * and coalesced like an event; does nothing unless the daemon is running.
   */
  public void tick() {
    requestPass();
  }

  private void requestPass() {
    Executor passes = executor;
    if (state.get() != State.RUNNING || passes == null || !pending.compareAndSet(false, true)) {
      return;
    }
    try {
      passes.execute(this::runPasses);
    } catch (RejectedExecutionException e) {
      pending.set(false);
      if (state.get() == State.RUNNING) {
        notifyListener(l -> l.onError(e));
      }
    }
  }

  private void runPasses() {
    if (passLock.isHeldByCurrentThread()) {
      // A direct executor, and a request from inside a pass: the running loop re-runs instead.
      pending.set(false);
      again = true;
      return;
    }
    passLock.lock();
    try {
      boolean more = true;
      while (more && state.get() == State.RUNNING) {
        pending.set(false);
        again = false;
        boolean popped = pass();
        more = popped || again;
      }
    } catch (RuntimeException e) {
      notifyListener(l -> l.onError(e));
    } finally {
      passLock.unlock();
    }
  }

  /** One pass; true if it popped a match. Runs with passLock held. */
  private boolean pass() {
    Instant now = clock.instant();
    MatchmakingConfig config = this.config; // one pass, one config: reconfigure may swap it
    MatchmakingAlgorithm algorithm = this.algorithm;
    List<QueueEntry> snapshot = relva.queue(queue);
    MatchContext context =
        new MatchContext(snapshot, now, config.format(), ratings, config.regionPolicy());
    List<Proposal> proposals;
    try {
      proposals = requireNonNull(algorithm.propose(context),
          () -> "algorithm '" + algorithm.name() + "' returned null");
    } catch (RuntimeException e) {
      notifyListener(l -> l.onError(
          new IllegalStateException("algorithm '" + algorithm.name() + "' failed", e)));
      PassReport report = new PassReport(now, snapshot.size(), 0, 0, 0, 0, true);
      notifyListener(l -> l.onPass(report));
      return false;
    }
    ProposalValidator validator = ProposalValidator.forPass(context);
    int popped = 0;
    int rejected = 0;
    int refused = 0;
    for (Proposal proposal : proposals) {
      if (state.get() != State.RUNNING) {
        break; // stopped mid-pass: apply nothing more
      }
      if (proposal == null) {
        rejected++;
        notifyListener(l -> l.onError(new NullPointerException(
            "algorithm '" + algorithm.name() + "' proposed null")));
        continue;
      }
      Optional<Proposal> fresh = unlessRepeat(config.teams() == TeamChoice.RANDOM
          ? RandomTeams.draw(proposal, config.format(), random) : proposal);
      if (fresh.isEmpty()) {
        rejected++;
        notifyListener(l -> l.onRejected(proposal, List.of(
            "it repeats the teams of a match a moderator cancelled, and no other split of them "
                + "keeps parties whole")));
        continue;
      }
      Proposal chosen = fresh.get();
      List<String> violations = validator.check(chosen);
      if (!violations.isEmpty()) {
        rejected++;
        notifyListener(l -> l.onRejected(chosen, violations));
        continue;
      }
      Outcome<PoppedMatch> outcome = relva.pop(queue, chosen.region(), chosen.teams());
      if (outcome.isSuccess()) {
        forgetCancelsOf(chosen);
        popped++;
      } else {
        refused++;
        if (outcome.refused().filter(Refusal.ENTRY_CHANGED::equals).isPresent()) {
          // A stale snapshot (another queue's daemon popped one of them, say): pass again.
          again = true;
        }
        Outcome.Failure<PoppedMatch> failure = outcome.failure().orElseThrow();
        notifyListener(l -> l.onRefused(proposal, failure.refusal(), failure.message()));
      }
    }
    PassReport report = new PassReport(
        now, snapshot.size(), proposals.size(), popped, rejected, refused, false);
    notifyListener(l -> l.onPass(report));
    return popped > 0;
  }

  private void rememberCancel(MatchEvent.Cancelled cancel) {
    if (!cancel.match().queue().equals(queue)) {
      return;
    }
    if (!cancel.removed().isEmpty() || cancel.requeued().isEmpty()) {
      return; // someone left: the same teams cannot come back
    }
    synchronized (cancelledTeams) {
      cancelledTeams.add(composition(cancel.match().teams()));
      if (cancelledTeams.size() > REMEMBERED_CANCELS) {
        cancelledTeams.remove(cancelledTeams.iterator().next());
      }
    }
  }

  /**
   * {@code proposal}, or, if it has the teams of a cancelled match, the same players split
   * differently: the first swap of two same-sized entries between two teams that makes teams not
   * seen in a cancelled match. Empty if no swap does (two whole-team parties, say).
   */
  private Optional<Proposal> unlessRepeat(Proposal proposal) {
    synchronized (cancelledTeams) {
      if (!cancelledTeams.contains(composition(proposal.teams()))) {
        return Optional.of(proposal);
      }
      List<List<QueueEntry>> teams = proposal.teams();
      for (int a = 0; a < teams.size(); a++) {
        for (int b = a + 1; b < teams.size(); b++) {
          for (int i = 0; i < teams.get(a).size(); i++) {
            for (int j = 0; j < teams.get(b).size(); j++) {
              QueueEntry x = teams.get(a).get(i);
              QueueEntry y = teams.get(b).get(j);
              if (x.entity().size() != y.entity().size()) {
                continue;
              }
              List<List<QueueEntry>> swapped = new ArrayList<>();
              teams.forEach(t -> swapped.add(new ArrayList<>(t)));
              swapped.get(a).set(i, y);
              swapped.get(b).set(j, x);
              if (!cancelledTeams.contains(composition(swapped))) {
                return Optional.of(Proposal.of(proposal.region(), swapped));
              }
            }
          }
        }
      }
      return Optional.empty();
    }
  }

  private void forgetCancelsOf(Proposal popped) {
    Set<EntityId> ids = new HashSet<>();
    popped.teams().forEach(t -> t.forEach(e -> ids.add(e.id())));
    synchronized (cancelledTeams) {
      cancelledTeams.removeIf(c -> c.stream().flatMap(Set::stream).anyMatch(ids::contains));
    }
  }

  private static Set<Set<EntityId>> composition(List<? extends List<QueueEntry>> teams) {
    return teams.stream().map(t -> t.stream().map(QueueEntry::id).collect(Collectors.toSet()))
        .collect(Collectors.toSet());
  }

  private void notifyListener(Consumer<MatchmakingListener> call) {
    try {
      call.accept(listener);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "matchmaking listener " + listener + " failed", e);
    }
  }

  @Override
  public String toString() {
    return "QueueDaemon(" + algorithm.name() + ", " + config.format() + ", " + state.get() + ")";
  }

  /**
   * Builds a {@link QueueDaemon}. Every setting has a default: the default
   * {@link MatchmakingConfig}, the algorithms {@link AlgorithmRegistry#discover()} finds, everyone
   * rated {@link Ratings#DEFAULT_RATING}, the core's clock, the daemon's own thread, and a logging
   * listener. Not thread-safe.
   */
  public static final class Builder {
    private final Relva relva;
    private MatchmakingConfig config = MatchmakingConfig.defaults();
    private @Nullable AlgorithmRegistry registry;
    private @Nullable MatchmakingAlgorithm algorithm;
    private Ratings ratings = Ratings.constant(Ratings.DEFAULT_RATING);
    private @Nullable Clock clock;
    private @Nullable RandomGenerator random;
    private @Nullable Executor executor;
    private @Nullable ScheduledExecutorService scheduler;
    private MatchmakingListener listener = MatchmakingListener.logging();
    private QueueId queue = QueueId.DEFAULT;

    private Builder(Relva relva) {
      this.relva = relva;
    }

    public Builder config(MatchmakingConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    /** Where the configured algorithm is looked up; {@link AlgorithmRegistry#discover()} if unset. */
    public Builder registry(AlgorithmRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** Runs {@code algorithm}, ignoring {@link MatchmakingConfig#algorithm()} and the registry. */
    public Builder algorithm(MatchmakingAlgorithm algorithm) {
      this.algorithm = requireNonNull(algorithm, "algorithm");
      return this;
    }

    public Builder ratings(Ratings ratings) {
      this.ratings = requireNonNull(ratings, "ratings");
      return this;
    }

    /** The clock that gives each pass its time; the core's clock if unset. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The random source that draws the teams when {@link MatchmakingConfig#teams()} is
     * {@link TeamChoice#RANDOM}: the same source in the same state gives the same teams. Only the
     * daemon's passes use it, one at a time, so it need not be thread-safe, but nothing else may
     * use it meanwhile. A new {@link SplittableRandom} if unset.
     */
    public Builder random(RandomGenerator random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /**
     * Where passes run. If unset, the daemon runs them on a thread of its own, which also ticks it;
     * if set, the daemon neither owns nor shuts down {@code executor}.
     */
    public Builder executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor");
      return this;
    }

    /**
     * What ticks the daemon every {@link MatchmakingConfig#tickPeriod()} (the tick only requests
     * a pass, which runs on the executor). Not owned: the daemon cancels its ticks on stop but
     * does not shut {@code scheduler} down.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The queue to match: its events, its snapshot, its pops (default: the default queue). */
    public Builder queue(QueueId queue) {
      this.queue = requireNonNull(queue, "queue");
      return this;
    }

    public Builder listener(MatchmakingListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The daemon, not yet started.
     *
     * @throws IllegalArgumentException if the configuration disagrees with the core's, names an
     *     unknown algorithm, or is one the algorithm cannot run with
     */
    public QueueDaemon build() {
      config.validate(regions(relva, queue));
      if (algorithm != null) {
        return new QueueDaemon(this, algorithm, null);
      }
      // Found once: a reconfigure reads it again rather than discovering the algorithms anew.
      AlgorithmRegistry source = registry == null ? AlgorithmRegistry.discover() : registry;
      return new QueueDaemon(this, source.create(config), source);
    }
  }
}
