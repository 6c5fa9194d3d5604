package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.discord.LiveBot.PATIENCE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.Party;
import org.relva.core.model.UserId;
import org.relva.testkit.discord.DiscordUser;
import org.relva.testkit.discord.RestFault;
import org.relva.testkit.discord.SeenMessage;
import org.relva.testkit.discord.SentInteraction;

/**
 * Random evenings with faults, through the real bot and JDA against the local fake Discord: each
 * try starts a bot, plays a random sequence of player commands (parties made, joined, left and
 * disbanded, queueing alone and as parties, ready checks accepted and declined with the buttons,
 * results reported; 2v2, so that matches pop often)
 * mixed with random faults (rate limits, server errors, a late thread, a dropped gateway, an
 * interaction delivered twice), and then checks what must always hold: the core's invariants,
 * every party with its thread and every thread with its party, nobody queued twice, and every
 * interaction answered, within Discord's three seconds for its acknowledgement.
 *
 * <p>Each try takes a few seconds of real time (the bot, JDA and the fake run for real), so
 * there are few tries of many steps, and shrinking is off: a failure prints its whole sequence.
 */
class EndToEndChaosProperties {
  private static final int PLAYERS = 12;

  /** What one step does. */
  enum Kind {
    CREATE, JOIN, LEAVE, KICK, DISBAND, QUEUE, DEQUEUE, ACCEPT, DECLINE, REPORT, INFO,
    RATE_LIMIT, SERVER_ERROR, LATE_THREAD, DROP_GATEWAY, DUPLICATE
  }

  /** A step: who (an index into the players), what, and whom (another index, for joins). */
  record Step(int who, Kind kind, int whom) {
    @Override
    public String toString() {
      return kind + "(" + who + (kind == Kind.JOIN || kind == Kind.KICK ? "->" + whom : "") + ")";
    }
  }

  @Property(tries = 4, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void randomEveningsWithFaultsKeepEveryInvariant(@ForAll("evenings") List<Step> steps) {
    // 2v2, so that random evenings fill matches often.
    try (LiveBot live = LiveBot.start(LiveBot.server(), Map.of("RELVA_FORMAT", "2v2"))) {
      SentInteraction last = null;
      for (Step step : steps) {
        Statistics.collect(step.kind());
        SentInteraction sent = play(live, step, last);
        if (sent != null) {
          sent.awaitReply(PATIENCE);
          last = sent;
        }
      }
      live.assertConsistent();
      Statistics.label("an evening with a pop").collect(!live.readyChecks().isEmpty());
      Statistics.label("an evening with a pop").coverage(coverage ->
          coverage.check(true).count(n -> n > 0));
      // The faults that really happened (an injected one may find no request to hit).
      List<String> requests = live.discord.requests();
      Statistics.label("fired").collect("429", requests.stream().anyMatch(r -> r.endsWith("429")));
      Statistics.label("fired").collect("500", requests.stream().anyMatch(r -> r.endsWith("500")));
      Statistics.label("fired").collect("late thread", live.discord.interactions().stream()
          .anyMatch(i -> i.replies().stream().anyMatch(r -> r.text().contains("in time"))));
      Statistics.label("fired").collect("resume", live.discord.resumes() > 0);
      Statistics.label("fired").coverage(coverage -> {
        for (String fault : List.of("429", "500", "late thread", "resume")) {
          coverage.check(fault, true).count(n -> n > 0);
        }
      });
      for (SentInteraction interaction : live.discord.interactions()) {
        assertThat(interaction.ackTime()).as("acknowledging %s", interaction).get()
            .matches(t -> t.compareTo(Duration.ofSeconds(3)) < 0);
        assertThat(interaction.refusals()).as("Discord's refusals of %s", interaction).isEmpty();
      }
    }
  }

  @Provide
  Arbitrary<List<Step>> evenings() {
    Arbitrary<Kind> kinds = Arbitraries.frequency(
        Tuple.of(8, Kind.CREATE), Tuple.of(14, Kind.JOIN),
        Tuple.of(4, Kind.LEAVE), Tuple.of(2, Kind.KICK),
        Tuple.of(2, Kind.DISBAND), Tuple.of(16, Kind.QUEUE),
        Tuple.of(4, Kind.DEQUEUE), Tuple.of(12, Kind.ACCEPT),
        Tuple.of(2, Kind.DECLINE), Tuple.of(6, Kind.REPORT),
        Tuple.of(3, Kind.INFO),
        Tuple.of(2, Kind.RATE_LIMIT), Tuple.of(2, Kind.SERVER_ERROR),
        Tuple.of(1, Kind.LATE_THREAD), Tuple.of(1, Kind.DROP_GATEWAY),
        Tuple.of(2, Kind.DUPLICATE));
    Arbitrary<Integer> players = Arbitraries.integers().between(0, PLAYERS - 1);
    Arbitrary<Step> step = Combinators.combine(players, kinds, players).as(Step::new);
    // Every fault at least once an evening, at a random place in it.
    List<Kind> faults = List.of(Kind.RATE_LIMIT, Kind.SERVER_ERROR, Kind.LATE_THREAD,
        Kind.DROP_GATEWAY, Kind.DUPLICATE);
    Arbitrary<List<Integer>> places = Arbitraries.integers().between(0, 40).list()
        .ofSize(faults.size());
    return Combinators.combine(step.list().ofMinSize(40).ofMaxSize(60), places, players)
        .as((evening, at, whom) -> {
          List<Step> mixed = new ArrayList<>(evening);
          for (int i = 0; i < faults.size(); i++) {
            mixed.add(at.get(i), new Step(0, faults.get(i), (whom + i) % PLAYERS));
          }
          return mixed;
        });
  }

  /** Plays {@code step}; returns the interaction it made, if it made one. */
  private static SentInteraction play(LiveBot live, Step step, SentInteraction last) {
    DiscordUser user = live.discord.users().get(step.who());
    DiscordUser other = live.discord.users().get(step.whom());
    Optional<Party> party = live.relva().partyOf(UserId.of(user.id()));
    String where = party.flatMap(p -> live.relva().channel(p.id())).map(c -> c.value())
        .filter(id -> live.discord.channel(id).map(t -> t.members().contains(user.id()))
            .orElse(false))
        .orElse(live.discord.lobbyId());
    return switch (step.kind()) {
      case CREATE -> live.discord.slash(user, live.discord.lobbyId(), "party", "create",
          Map.of("region", "eu"));
      case JOIN -> {
        Optional<Party> theirs = live.relva().partyOf(UserId.of(other.id()));
        String code = theirs.map(p -> p.joinCode().display()).orElse("ABCD-EFGH");
        yield live.discord.slash(user, live.discord.lobbyId(), "party", "join",
            Map.of("code", code));
      }
      case LEAVE -> live.discord.slash(user, where, "party", "leave");
      case KICK -> live.discord.slash(user, where, "party", "kick", Map.of("user", other.id()));
      case DISBAND -> live.discord.slash(user, where, "party", "disband");
      case QUEUE -> live.discord.slash(user, where, "queue", "join",
          where.equals(live.discord.lobbyId()) ? Map.of("region", "eu") : Map.of());
      case DEQUEUE -> live.discord.slash(user, where, "queue", "leave");
      case ACCEPT, DECLINE -> readyCheckClick(live, user, step.kind() == Kind.ACCEPT
          ? "accept" : "decline", where);
      case REPORT -> live.discord.slash(user, where, "match", "report",
          Map.of("result", step.whom() % 2 == 0 ? "team1" : "team2"));
      case INFO -> live.discord.slash(user, where, "party", "info");
      case RATE_LIMIT -> {
        live.discord.failNext("PATCH", "webhooks/\\d+/[^/]+/messages/@original", 1,
            RestFault.rateLimited(Duration.ofMillis(300)));
        yield null;
      }
      case SERVER_ERROR -> {
        live.discord.failNext("POST", step.whom() % 2 == 0 ? "channels/\\d+/messages"
            : "channels/\\d+/threads", 1, RestFault.serverError(500));
        yield null;
      }
      case LATE_THREAD -> {
        live.discord.failNext("POST", "channels/\\d+/threads", 1,
            RestFault.lateAnswer(LiveBot.REQUEST_TIMEOUT.plusSeconds(1)));
        yield null;
      }
      case DROP_GATEWAY -> {
        live.discord.dropGateway();
        yield null;
      }
      case DUPLICATE -> {
        if (last != null) {
          live.discord.deliverAgain(last);
        }
        yield null;
      }
    };
  }

  /** {@code user} clicks a ready-check button of their open match, or types the command. */
  private static SentInteraction readyCheckClick(LiveBot live, DiscordUser user, String action,
      String where) {
    Optional<MatchRecord> match = live.relva().openMatchOf(UserId.of(user.id()));
    List<SeenMessage> checks = new ArrayList<>(live.readyChecks());
    if (match.isPresent()) {
      String button = Interactions.buttonId(action, match.get().id());
      for (SeenMessage check : checks) {
        if (check.buttons().contains(button)) {
          return live.discord.click(user, check, button);
        }
      }
    }
    return live.discord.slash(user, where, "match", action);
  }
}
