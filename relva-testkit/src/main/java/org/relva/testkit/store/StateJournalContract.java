package org.relva.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.Relva;
import org.relva.core.RelvaStores;
import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueBan;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;

/**
 * The contract of {@link StateJournal}, the core's storage port, as a JUnit 5 test to extend. A
 * new journal is checked by a class like this:
 *
 * <pre>{@code
 * class RedisJournalContractTest extends StateJournalContract {
 *   @Override protected StateJournal newJournal() {
 *     return RedisJournal.connect(testServer, "contract-" + UUID.randomUUID());
 *   }
 *   @Override protected StateJournal reopen(StateJournal closed) {
 *     return RedisJournal.connect(testServer, ((RedisJournal) closed).prefix());
 *   }
 * }
 * }</pre>
 *
 * <p>The journal under test keeps the core's stores ({@link RelvaStores#byName()}) by their names
 * and types. Each test gets a fresh, empty journal from {@link #newJournal()}, which is closed
 * after the test. {@link #reopen} is how a test checks that what was committed outlives the
 * journal object: close it and open the same data again. The concurrency test uses real threads,
 * bounded by a timeout, with no sleeping.
 */
public abstract class StateJournalContract {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");
  private static final int THREADS = 4;
  private static final int PER_THREAD = 25;

  private final List<StateJournal> opened = new ArrayList<>();
  private @Nullable StateJournal journal;

  /** A fresh journal that holds nothing. */
  protected abstract StateJournal newJournal();

  /**
   * Closes {@code journal} and opens a new journal on the same data, as a restarted process
   * would. The default returns {@code journal} itself, for journals with nothing to reopen.
   */
  protected StateJournal reopen(StateJournal journal) {
    return journal;
  }

  /** How many random operations the evening plays; 400 unless overridden. */
  protected int eveningOperations() {
    return 400;
  }

  @BeforeEach
  final void createJournal() {
    journal = track(newJournal());
  }

  @AfterEach
  final void closeJournals() {
    for (StateJournal j : opened) {
      j.close();
    }
  }

  private StateJournal track(StateJournal j) {
    opened.add(j);
    return j;
  }

  private StateJournal journal() {
    assertThat(journal).as("newJournal() returned a journal").isNotNull();
    return java.util.Objects.requireNonNull(journal);
  }

  private StateJournal reopened() {
    journal = track(reopen(journal()));
    return journal();
  }

  @Test
  @DisplayName("a new journal loads nothing")
  void newJournal_loadsEmpty() {
    assertThat(journal().isDurable()).isTrue();
    assertThat(nonEmpty(journal().load())).isEmpty();
  }

  @Test
  @DisplayName("what was committed is loaded, also after reopening; text beyond ASCII too")
  void commit_thenLoad() {
    QueueBan ban = new QueueBan(T0, "été, 李, 🎮 and a \"quote\"\n");
    journal().commit(List.of(put("cooldowns", user(1), T0), put("playerMatches", user(2), "M1"),
        put("bans", user(3), ban)));
    Map<String, Map<Object, Object>> expected = Map.of(
        "cooldowns", Map.of(user(1), T0), "playerMatches", Map.of(user(2), "M1"),
        "bans", Map.of(user(3), ban));
    assertThat(nonEmpty(journal().load())).isEqualTo(expected);
    assertThat(nonEmpty(reopened().load())).isEqualTo(expected);
  }

  @Test
  @DisplayName("one entry, a store's keys and its newest entries are read alone, as committed")
  void read_keys_newest() {
    journal().commit(List.of(put("cooldowns", user(1), T0), put("cooldowns", user(2), T0),
        put("playerMatches", user(9), "M1")));
    journal().commit(List.of(put("cooldowns", user(3), T0), put("cooldowns", user(1),
        T0.plusNanos(1)), remove("cooldowns", user(2))));
    readsAlone(journal());
    readsAlone(reopened());
  }

  private static void readsAlone(StateJournal j) {
    assertThat(j.read("cooldowns", user(1))).contains(T0.plusNanos(1));
    assertThat(j.read("cooldowns", user(2))).as("removed").isEmpty();
    assertThat(j.read("bans", user(1))).as("nothing there").isEmpty();
    assertThat(j.keys("cooldowns")).containsExactlyInAnyOrder(user(1), user(3));
    assertThat(j.keys("bans")).isEmpty();
    assertThat(j.newest("cooldowns", 1)).as("by first commit: a change keeps its place")
        .containsExactly(Map.entry(user(3), T0));
    assertThat(j.newest("cooldowns", 5))
        .containsExactly(Map.entry(user(1), T0.plusNanos(1)), Map.entry(user(3), T0));
    assertThat(j.newest("cooldowns", 0)).isEmpty();
    assertThatThrownBy(() -> j.newest("cooldowns", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a later commit overrides an earlier one's value")
  void laterCommit_overrides() {
    journal().commit(List.of(put("cooldowns", user(1), T0)));
    journal().commit(List.of(put("cooldowns", user(1), T0.plusNanos(1))));
    assertThat(nonEmpty(reopened().load()))
        .isEqualTo(Map.of("cooldowns", Map.of(user(1), T0.plusNanos(1))));
  }

  @Test
  @DisplayName("an empty value removes the entry; removing an absent key is harmless")
  void removal() {
    journal().commit(List.of(put("cooldowns", user(1), T0), put("cooldowns", user(2), T0)));
    journal().commit(List.of(remove("cooldowns", user(1)), remove("cooldowns", user(3))));
    assertThat(nonEmpty(reopened().load())).isEqualTo(Map.of("cooldowns", Map.of(user(2), T0)));
  }

  @Test
  @DisplayName("one commit may change many stores, and everything in it lands")
  void manyStores_inOneCommit() {
    Party party = Party.create(EntityId.of("Kabc123"), Region.of("us-e"),
        new Member(user(1), "Leader"), new org.relva.core.model.JoinCode("HX7K3MQD"), T0);
    journal().commit(List.of(
        put("parties", party.id(), party),
        put("leaders", user(1), party.id()),
        put("memberships", user(1), party.id()),
        put("joinCodes", party.joinCode(), party.id()),
        put("channels", party.id(), ChannelId.of("c-1")),
        put("stays", party.id(), T0)));
    Map<String, Map<Object, Object>> loaded = nonEmpty(reopened().load());
    assertThat(loaded.keySet())
        .containsExactlyInAnyOrder("parties", "leaders", "memberships", "joinCodes", "channels",
            "stays");
    assertThat(loaded.get("parties")).isEqualTo(Map.of(party.id(), party));
    assertThat(loaded.get("joinCodes")).isEqualTo(Map.of(party.joinCode(), party.id()));
  }

  @Test
  @DisplayName("a commit that fails (an unknown store) writes nothing of itself")
  void failedCommit_writesNothing() {
    journal().commit(List.of(put("cooldowns", user(1), T0)));
    Map<String, Map<Object, Object>> before = nonEmpty(journal().load());
    assertThatThrownBy(() -> journal().commit(List.of(
            put("cooldowns", user(2), T0), put("no-such-store", "k", "v"))))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("no-such-store");
    assertThat(nonEmpty(reopened().load())).isEqualTo(before);
  }

  @Test
  @DisplayName("a value of the wrong type for its store is refused, and nothing is written")
  void wrongType_isRefused() {
    assertThatThrownBy(() -> journal().commit(List.of(
            put("playerMatches", user(1), "M1"), put("cooldowns", user(2), "not an instant"))))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cooldowns");
    assertThat(nonEmpty(reopened().load())).isEmpty();
  }

  @Test
  @DisplayName("commits from several threads at once all land")
  void concurrentCommits_allLand() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < PER_THREAD; i++) {
            journal().commit(List.of(
                put("cooldowns", user(thread * 1_000 + i), T0.plusSeconds(i)),
                put("playerMatches", user(thread * 1_000 + i), "M" + thread)));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, Map<Object, Object>> loaded = reopened().load();
    assertThat(loaded.get("cooldowns")).hasSize(THREADS * PER_THREAD);
    assertThat(loaded.get("playerMatches")).hasSize(THREADS * PER_THREAD);
    assertThat(loaded.get("cooldowns")).containsEntry(user(3_000 + PER_THREAD - 1),
        T0.plusSeconds(PER_THREAD - 1));
  }

  @Test
  @DisplayName("after a whole evening on a real Relva, a fresh Relva on the journal has equal stores")
  void wholeEvening_restoresEqualStores() {
    MutableClock clock = MutableClock.at(T0);
    RelvaStores played = RelvaStores.inMemory();
    Relva relva = Relva.builder().stores(played).channels(new FakePartyChannels()).clock(clock)
        .random(new SplittableRandom(11)).journal(journal()).build();
    Evening evening = new Evening(relva, clock, new SplittableRandom(2026));
    for (int i = 0; i < eveningOperations(); i++) {
      evening.step();
    }
    assertThat(evening.successes).as("operations that succeeded").isGreaterThan(
        eveningOperations() / 4);
    assertThat(evening.popped).as("matches popped").isPositive();
    Map<String, Map<?, ?>> expected = RelvaInvariants.contents(played);

    Set<String> ended = relva.endedMatchIds();
    assertThat(ended).as("matches that ended").isNotEmpty();
    Map<String, MatchRecord> history = new HashMap<>();
    ended.forEach(id -> history.put(id, relva.match(id).orElseThrow()));

    RelvaStores restored = RelvaStores.inMemory();
    Relva again = Relva.builder().stores(restored).channels(new FakePartyChannels()).clock(clock)
        .journal(reopened()).build();
    assertThat(RelvaInvariants.contents(restored)).isEqualTo(expected);
    RelvaInvariants.assertConsistent(restored);
    assertThat(again.endedMatchIds()).as("the history, kept in the journal").isEqualTo(ended);
    ended.forEach(id -> assertThat(again.match(id)).contains(history.get(id)));
  }

  /** Random operations by twelve players: parties, the queue, matches, bans and the clock. */
  private static final class Evening {
    private final Relva relva;
    private final MutableClock clock;
    private final SplittableRandom random;
    private final List<Member> players = new ArrayList<>();
    private final ChannelId lobby;
    int successes;
    int popped;

    Evening(Relva relva, MutableClock clock, SplittableRandom random) {
      this.relva = relva;
      this.clock = clock;
      this.random = random;
      this.lobby = relva.config().lobby();
      for (int i = 1; i <= 12; i++) {
        players.add(new Member(user(i), "Player " + i));
      }
    }

    void step() {
      Member who = players.get(random.nextInt(players.size()));
      UserId id = who.id();
      Optional<Party> party = relva.partyOf(id);
      ChannelId partyChannel = party.flatMap(p -> relva.channel(p.id())).orElse(lobby);
      boolean ok = switch (random.nextInt(14)) {
        case 0, 1 -> relva.createParty(who, lobby, pick("us-e", "eu")).isSuccess();
        case 2, 3 -> relva.parties().isEmpty() ? false : relva.joinParty(who, lobby,
            relva.parties().get(random.nextInt(relva.parties().size())).joinCode().value())
            .isSuccess();
        case 4 -> relva.leaveParty(id, partyChannel).isSuccess();
        case 5 -> relva.queueParty(id, partyChannel).isSuccess();
        case 6 -> relva.dequeueParty(id, partyChannel).isSuccess();
        case 7, 8 -> relva.joinQueue(who, lobby, pick("us-e", "eu")).isSuccess();
        case 9 -> relva.leaveQueue(id, lobby).isSuccess();
        case 10 -> pop();
        case 11 -> matchStep(id);
        case 12 -> random.nextInt(4) == 0
            ? relva.banFromQueue(id, Duration.ofMinutes(5), "testing").isSuccess()
            : relva.liftBan(id).isSuccess();
        default -> {
          clock.advance(Duration.ofSeconds(random.nextInt(1, 90)));
          relva.tick();
          yield true;
        }
      };
      if (ok) {
        successes++;
      }
    }

    private String pick(String a, String b) {
      return random.nextBoolean() ? a : b;
    }

    /** Pops the two oldest entries of a region, one a team, if there are two. */
    private boolean pop() {
      Map<Region, List<QueueEntry>> byRegion = new LinkedHashMap<>();
      for (QueueEntry entry : relva.queue()) {
        byRegion.computeIfAbsent(entry.region(), r -> new ArrayList<>()).add(entry);
      }
      for (Map.Entry<Region, List<QueueEntry>> region : byRegion.entrySet()) {
        List<QueueEntry> entries = region.getValue();
        if (entries.size() >= 2 && relva.pop(region.getKey(),
            List.of(List.of(entries.get(0)), List.of(entries.get(1)))).isSuccess()) {
          popped++;
          return true;
        }
      }
      return false;
    }

    /** Accepts, declines or reports on the player's open match. */
    private boolean matchStep(UserId id) {
      Optional<MatchRecord> match = relva.openMatchOf(id);
      if (match.isEmpty()) {
        return false;
      }
      String matchId = match.get().id();
      return switch (random.nextInt(6)) {
        case 0 -> relva.declineMatch(id, matchId).isSuccess();
        case 1, 2 -> relva.reportResult(id, matchId, random.nextBoolean()
            ? MatchResult.win(random.nextInt(2)) : MatchResult.draw()).isSuccess();
        default -> {
          boolean all = true;
          for (org.relva.core.model.Member m : match.get().players()) {
            all &= relva.acceptMatch(m.id(), matchId).isSuccess();
          }
          yield all;
        }
      };
    }
  }

  private static UserId user(int n) {
    return UserId.of("u" + n);
  }

  private static Change put(String store, Object key, Object value) {
    return new Change(store, key, Optional.of(value));
  }

  private static Change remove(String store, Object key) {
    return new Change(store, key, Optional.empty());
  }

  /** {@code state} without its empty stores, which a journal may or may not list. */
  private static Map<String, Map<Object, Object>> nonEmpty(Map<String, Map<Object, Object>> state) {
    Map<String, Map<Object, Object>> out = new LinkedHashMap<>();
    state.forEach((name, entries) -> {
      if (!entries.isEmpty()) {
        out.put(name, entries);
      }
    });
    return out;
  }
}
