package org.relva.core.match;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.Draft;
import org.relva.core.MapVote;
import org.relva.core.MatchRules;
import org.relva.core.match.ReadyCheckProperties.Report;
import org.relva.core.match.ReadyCheckProperties.SetResult;
import org.relva.core.match.ReadyCheckProperties.Wait;
import org.relva.core.match.ReadyCheckWorld.Drafted;
import org.relva.core.match.ReadyCheckWorld.Setup;

/**
 * The captains' draft (issue 14 §6) under any sequence of the match lifecycle: pops, accepts and
 * declines, volunteers, picks by the captain on turn and by everyone who may not pick, picks the
 * timer makes, substitutes, map votes, results, and restarts from the journal mid-draft. After
 * every step, besides everything {@link ReadyCheckProperties} checks: every team is full and every
 * party whole on one team; a pick is only ever the captain on turn's, in the configured order
 * ({@link DraftModel}), and never leaves the teams unfillable, so the timer always has a pick; the
 * teams a draft sets are the teams the match plays with; a refused pick changes nothing; and a
 * restart gives back exactly the board there was.
 */
class DraftProperties {

  // A fixed seed only so that the coverage check below is repeatable.
  @Property(tries = 200, seed = "20240614")
  void draftsKeepEveryTeamFullAndEveryPartyWhole(
      @ForAll("drafts") ActionChain<ReadyCheckWorld> chain) {
    ReadyCheckWorld world = chain
        .withInvariant("every player in one place; teams full, parties whole, picks in turn",
            ReadyCheckWorld::check)
        .run();
    Draft draft = world.setup.rules().draft();
    Statistics.label("captains").collect(draft.captains());
    Statistics.label("order").collect(draft.order().matches("[A-Z]+") ? "letters"
        : draft.order());
    Statistics.label("teams").collect(world.setup.teams());
    for (Drafted d : Drafted.values()) {
      Statistics.label(d.toString()).collect(world.drafted.contains(d));
    }
    // The chains must reach the whole draft, not just pile up refusals.
    Statistics.label(Drafted.STARTED.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 60));
    Statistics.label(Drafted.TEAMS_PICKED.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label(Drafted.PICKED_BY_CAPTAIN.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label(Drafted.PICKED_TIMED_OUT.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 15));
    Statistics.label(Drafted.PICKED_LATE.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 5));
    Statistics.label(Drafted.WRONG_PICK_REFUSED.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 12));
    Statistics.label(Drafted.SUB_REFUSED_WHILE_PICKING.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 4));
    Statistics.label(Drafted.SUBSTITUTED_AFTER_DRAFT.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 2));
    Statistics.label(Drafted.RESTARTED_MID_DRAFT.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 8));
    Statistics.label(Drafted.UNFILLABLE_PICK_REFUSED.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 3));
    Statistics.label(Drafted.VOLUNTEER_CAPTAINS.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 5));
  }

  @Provide
  Arbitrary<ActionChain<ReadyCheckWorld>> drafts() {
    return setups().flatMap(setup -> ActionChain.startWith(() -> new ReadyCheckWorld(setup))
        .withAction(24, step("accept", ReadyCheckWorld::accept))
        .withAction(1, step("decline", ReadyCheckWorld::decline))
        .withAction(1, step("leave party", ReadyCheckWorld::leaveParty))
        .withAction(1, new Wait())
        .withAction(5, new Report())
        .withAction(1, step("moderator cancels", ReadyCheckWorld::adminCancel))
        .withAction(1, new SetResult())
        .withAction(3, step("pop", ReadyCheckWorld::popWhatIsQueued))
        .withAction(3, step("queue again", ReadyCheckWorld::requeue))
        .withAction(2, step("ask for a substitute", ReadyCheckWorld::requestSub))
        .withAction(4, step("substitute", ReadyCheckWorld::substitute))
        .withAction(3, step("vote for a map", ReadyCheckWorld::voteMap))
        .withAction(3, step("volunteer", ReadyCheckWorld::volunteer))
        .withAction(1, when(w -> !w.drafting(), step("a pick with no draft picking",
            ReadyCheckWorld::strayPick)))
        .withAction(12, when(ReadyCheckWorld::drafting, step("the captain on turn picks",
            ReadyCheckWorld::pickOnTurn)))
        .withAction(5, when(ReadyCheckWorld::drafting, step("a wrong pick",
            ReadyCheckWorld::wrongPick)))
        .withAction(3, when(ReadyCheckWorld::drafting, step("wait for a pick's deadline",
            ReadyCheckWorld::waitForPick)))
        .withAction(2, when(ReadyCheckWorld::drafting, step("a late pick",
            ReadyCheckWorld::latePick)))
        .withAction(2, when(ReadyCheckWorld::drafting, Action.just(
            Transformer.mutate("restart mid-draft", ReadyCheckWorld::restart))))
        .withAction(1, Action.just(Transformer.mutate("restart", ReadyCheckWorld::restart)))
        .withMaxTransformations(60));
  }

  /**
   * Two to four teams of two to four; twice as many players as one match needs, and one to three
   * more, in parties of one to three (some too big for any team), about half of them rated, with
   * ties; captains by any rule, picking in snake, straight or letters order, 5 to 60 s a pick;
   * mostly with a map vote. Every world keeps a journal, so that it can restart.
   */
  @Provide
  Arbitrary<Setup> setups() {
    Arbitrary<Integer> teams = Arbitraries.frequency(Tuple.of(6, 2), Tuple.of(3, 3),
        Tuple.of(1, 4));
    return teams.flatMap(t -> Combinators.combine(
        Arbitraries.integers().between(2, 4),
        Arbitraries.integers().between(1, 3),
        orders(t),
        Arbitraries.of(Draft.Captains.class),
        Arbitraries.integers().between(5, 60).map(Duration::ofSeconds),
        Arbitraries.frequency(Tuple.of(5, 1), Tuple.of(3, 2), Tuple.of(2, 3)).list()
            .ofSize(40),
        Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.integers().between(13, 17).map(r -> r * 100))).list()
            .ofSize(40),
        Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)))
        .as((size, extra, order, captains, pickTime, parties, rated, maps) -> {
          int players = 2 * t * size + extra;
          List<List<Integer>> entries = new ArrayList<>();
          int next = 0;
          for (int party : parties) {
            if (next == players) {
              break;
            }
            List<Integer> members = new ArrayList<>();
            for (int m = 0; m < party && next < players; m++) {
              members.add(next++);
            }
            entries.add(members);
          }
          Map<Integer, Double> ratings = new HashMap<>();
          for (int i = 0; i < players; i++) {
            if (rated.get(i) > 0) {
              ratings.put(i, rated.get(i).doubleValue());
            }
          }
          Draft draft = Draft.byCaptains().withCaptains(captains).withOrder(order)
              .withPickTime(pickTime);
          // A long ready check, so that big matches are confirmed before their time runs out.
          MatchRules rules = MatchRules.defaults().withReadyTimeout(Duration.ofMinutes(2))
              .withDraft(draft).withMapVote(maps
              ? new MapVote(ReadyCheckWorld.MAPS, Duration.ofSeconds(30), 1) : MapVote.none());
          return new Setup(rules, t, size, entries, ratings, true);
        }));
  }

  /**
   * The pick orders for {@code teams} teams: snake, straight, or letters, mostly naming every
   * team, sometimes fewer (the others pick last in each round) or one more (which is passed over).
   */
  static Arbitrary<String> orders(int teams) {
    Arbitrary<Integer> named = Arbitraries.frequency(Tuple.of(6, teams),
        Tuple.of(teams > 2 ? 2 : 0, 2), Tuple.of(1, teams + 1));
    Arbitrary<String> letters = named.flatMap(n -> {
      List<Character> required = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        required.add((char) ('A' + i));
      }
      return Arbitraries.chars().range('A', (char) ('A' + n - 1)).list().ofMaxSize(6)
          .flatMap(extra -> {
            List<Character> all = new ArrayList<>(required);
            all.addAll(extra);
            return Arbitraries.shuffle(all);
          })
          .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
    });
    return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("snake")),
        Tuple.of(1, Arbitraries.just("straight")), Tuple.of(3, letters));
  }

  /** {@code action}, only in a state {@code precondition} holds for. */
  private static Action.Independent<ReadyCheckWorld> when(Predicate<ReadyCheckWorld> precondition,
      Action.Independent<ReadyCheckWorld> action) {
    return new Action.Independent<>() {
      @Override
      public boolean precondition(ReadyCheckWorld world) {
        return precondition.test(world);
      }

      @Override
      public Arbitrary<Transformer<ReadyCheckWorld>> transformer() {
        return action.transformer();
      }
    };
  }

  private interface Step {
    void run(ReadyCheckWorld world, int k);
  }

  /** A step that takes a number to pick its player, match or entry with. */
  private static Action.Independent<ReadyCheckWorld> step(String name, Step step) {
    return () -> Arbitraries.integers().between(0, 999)
        .map(k -> Transformer.mutate(name + " #" + k, world -> step.run(world, k)));
  }
}
