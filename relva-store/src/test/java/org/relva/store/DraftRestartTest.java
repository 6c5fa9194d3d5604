package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.Draft;
import org.relva.core.MatchRules;
import org.relva.core.Relva;
import org.relva.core.RelvaConfig;
import org.relva.core.RelvaStores;
import org.relva.core.event.EventBus;
import org.relva.core.event.MatchEvent;
import org.relva.core.event.MatchEvent.Picked.How;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.DraftBoard;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Member;
import org.relva.core.model.Party;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.Region;
import org.relva.core.model.UserId;
import org.relva.store.RelvaStore.Durability;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.MutableClock;
import org.relva.testkit.RelvaInvariants;

/**
 * A captains' draft across restarts on a real SQLite file: the captains, the teams picked so far
 * and the pool come back exactly, a pick whose time ran out while the bot was down is made at the
 * first tick, and the draft goes on to the teams the picks made.
 */
class DraftRestartTest {
  private static final Instant START = Instant.parse("2026-12-06T20:00:00Z");
  private static final Region US_E = Region.of("us-e");
  private static final ChannelId LOBBY = ChannelId.of("kiwipugs");
  private static final ChannelId GENERAL = ChannelId.of("general");
  private static final List<Member> PLAYERS = List.of(Member.of("101", "Alice"),
      Member.of("102", "Bob"), Member.of("103", "Carol"), Member.of("104", "Dave"),
      Member.of("105", "Erin"), Member.of("106", "Frank"), Member.of("107", "Grace"),
      Member.of("108", "Heidi"));

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.at(START);

  /** One process's life: a Relva and its events, on the SQLite journal in {@code dir}. */
  private final class Bot implements AutoCloseable {
    final RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH);
    final RelvaStores stores = RelvaStores.inMemory();
    final List<RelvaEvent> events = new ArrayList<>();
    final Relva relva;

    Bot() {
      this(Draft.byCaptains());
    }

    Bot(Draft draft) {
      EventBus bus = EventBus.create(Runnable::run, (error, event, listener) -> {
        throw new AssertionError(error);
      });
      bus.subscribe(RelvaEvent.class, events::add);
      relva = Relva.builder()
          .config(RelvaConfig.defaults().withMatchRules(MatchRules.defaults()
              .withDraft(draft)))
          .stores(stores)
          .channels(FakePartyChannels.noop(party -> ChannelId.of("thread-" + party.value())))
          .events(bus)
          .clock(clock)
          .random(new SplittableRandom(7))
          // Alice is rated highest, Heidi lowest.
          .ratings((user, region) -> 2000 - 100 * PLAYERS.indexOf(member(user)))
          .journal(store)
          .build();
    }

    Map<String, Map<?, ?>> contents() {
      return RelvaInvariants.contents(relva, stores);
    }

    <E extends RelvaEvent> List<E> events(Class<E> type) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    void pick(int captain, int target) {
      relva.pick(PLAYERS.get(captain).id(), PLAYERS.get(target).id()).orElseThrow();
    }

    @Override
    public void close() {
      RelvaInvariants.assertConsistent(stores);
      store.close();
    }
  }

  private static Member member(UserId user) {
    return PLAYERS.stream().filter(m -> m.id().equals(user)).findFirst().orElseThrow();
  }

  private static List<String> names(List<QueueEntry> team) {
    return team.stream().flatMap(e -> e.entity().members().stream()).map(Member::displayName)
        .toList();
  }

  @Test
  @DisplayName("a draft restarts where it was: same captains, teams and pool; a pick due while "
      + "down is made at the first tick; the teams set survive the next restart")
  void draftSurvivesRestarts() {
    String id;
    Map<String, Map<?, ?>> before;
    DraftBoard started;
    try (Bot bot = new Bot()) {
      List<QueueEntry> solos = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        solos.add(bot.relva.joinQueue(PLAYERS.get(i), LOBBY, null).orElseThrow());
        clock.advance(Duration.ofSeconds(1));
      }
      Party party = bot.relva.createParty(PLAYERS.get(6), GENERAL, null).orElseThrow();
      party = bot.relva.joinParty(PLAYERS.get(7), GENERAL, party.joinCode().display())
          .orElseThrow();
      QueueEntry graceAndHeidi = bot.relva.queueParty(party.leaderId(),
          bot.relva.channel(party.id()).orElseThrow()).orElseThrow();
      id = bot.relva.pop(US_E, List.of(
          List.of(solos.get(0), solos.get(3), graceAndHeidi),
          List.of(solos.get(1), solos.get(2), solos.get(4), solos.get(5)))).orElseThrow()
          .matchId();
      for (Member m : PLAYERS) {
        bot.relva.acceptMatch(m.id(), id).orElseThrow();
      }
      started = bot.events(MatchEvent.DraftStarted.class).get(0).draft();
      assertThat(started.captains()).extracting(c -> member(c).displayName())
          .containsExactly("Alice", "Bob");
      before = bot.contents();
    }

    try (Bot bot = new Bot()) {
      assertThat(bot.contents()).as("the whole state, the draft with it").isEqualTo(before);
      assertThat(bot.relva.draft(id)).contains(started);
      bot.pick(0, 6); // Alice takes Grace and Heidi: two of her turns (A, then the A after BB)
      bot.pick(1, 2); // Bob takes Carol
      assertThat(bot.relva.draft(id).orElseThrow().pickBy())
          .contains(clock.instant().plusSeconds(30));
      before = bot.contents();
    }

    clock.advance(Duration.ofMinutes(2)); // Bob's second pick runs out while the bot is down
    try (Bot bot = new Bot()) {
      DraftBoard restored = bot.relva.draft(id).orElseThrow();
      assertThat(names(restored.teams().get(0))).containsExactly("Alice", "Grace", "Heidi");
      assertThat(names(restored.teams().get(1))).containsExactly("Bob", "Carol");
      assertThat(restored.pool()).extracting(e -> e.entity().members().get(0).displayName())
          .containsExactly("Dave", "Erin", "Frank");
      assertThat(Draft.byCaptains().onTurn(restored)).as("Bob's pick").isEqualTo(1);
      assertThat(bot.contents()).isEqualTo(before);

      bot.relva.tick();
      MatchEvent.Picked timed = bot.events(MatchEvent.Picked.class).get(0);
      assertThat(timed.how()).isEqualTo(How.TIMED_OUT);
      assertThat(member(timed.captain()).displayName()).isEqualTo("Bob");
      assertThat(names(List.of(timed.entry()))).as("the best rated left").containsExactly("Dave");
      assertThat(timed.at()).isEqualTo(clock.instant());

      bot.pick(0, 4); // Alice's last pick: Erin; Frank is left for Bob
      List<MatchEvent.Picked> picks = bot.events(MatchEvent.Picked.class);
      assertThat(picks).extracting(MatchEvent.Picked::how)
          .containsExactly(How.TIMED_OUT, How.CAPTAIN, How.LAST_LEFT);
      MatchRecord set = bot.events(MatchEvent.TeamsPicked.class).get(0).match();
      assertThat(names(set.teams().get(0))).containsExactly("Alice", "Grace", "Heidi", "Erin");
      assertThat(names(set.teams().get(1))).containsExactly("Bob", "Carol", "Dave", "Frank");
      assertThat(bot.relva.draft(id)).isEmpty();
      before = bot.contents();
    }

    try (Bot bot = new Bot()) {
      assertThat(bot.contents()).isEqualTo(before);
      MatchRecord match = bot.relva.match(id).orElseThrow();
      assertThat(match.state()).isEqualTo(MatchRecord.State.CONFIRMED);
      assertThat(names(match.teams().get(1))).containsExactly("Bob", "Carol", "Dave", "Frank");
      assertThat(bot.relva.draft(id)).isEmpty();
      bot.relva.tick();
      assertThat(bot.events(MatchEvent.Picked.class)).as("nothing left to pick").isEmpty();
    }
  }

  @Test
  @DisplayName("volunteers taken before a restart that turned the draft off are dropped at "
      + "confirmation, and the next restart finds a consistent state")
  void draftTurnedOffAfterVolunteers() {
    String id;
    try (Bot bot = new Bot(Draft.byCaptains().withCaptains(Draft.Captains.VOLUNTEERS))) {
      List<QueueEntry> solos = new ArrayList<>();
      for (Member m : PLAYERS) {
        solos.add(bot.relva.joinQueue(m, LOBBY, null).orElseThrow());
      }
      id = bot.relva.pop(US_E, List.of(solos.subList(0, 4), solos.subList(4, 8))).orElseThrow()
          .matchId();
      bot.relva.volunteerCaptain(PLAYERS.get(3).id()).orElseThrow();
      assertThat(bot.relva.draft(id)).isPresent();
    }
    Map<String, Map<?, ?>> before;
    try (Bot bot = new Bot(Draft.none())) {
      for (Member m : PLAYERS) {
        bot.relva.acceptMatch(m.id(), id).orElseThrow();
      }
      assertThat(bot.relva.match(id).orElseThrow().state())
          .isEqualTo(MatchRecord.State.CONFIRMED);
      assertThat(bot.relva.draft(id)).as("no draft runs, nor waits").isEmpty();
      assertThat(bot.events(MatchEvent.DraftStarted.class)).isEmpty();
      before = bot.contents();
    }
    try (Bot bot = new Bot(Draft.none())) {
      assertThat(bot.contents()).isEqualTo(before);
    }
  }
}
