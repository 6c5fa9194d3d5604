package org.relva.core.match;

import java.time.Duration;
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
import org.relva.core.match.ReadyCheckWorld.Happened;
import org.relva.core.model.MatchResult;

/**
 * The spec's proof of the ready check: after any sequence of accepts, declines, timeouts, reports,
 * moderators' calls and new pops, every player is in exactly one place (queued, in an open match,
 * or out with a reason they were told), nobody is duplicated or lost, and whoever goes back into
 * the queue keeps the join time their stay began with.
 */
class ReadyCheckProperties {

  // A fixed seed only so that the coverage check below is repeatable.
  @Property(tries = 300, seed = "20240301")
  void everyPlayerIsInExactlyOnePlace(@ForAll("chains") ActionChain<ReadyCheckWorld> chain) {
    ReadyCheckWorld world = chain
        .withInvariant("every player in one place; stores, channels and history agree",
            ReadyCheckWorld::check)
        .run();
    for (Happened h : Happened.values()) {
      Statistics.label(h.toString()).collect(world.happened.contains(h));
    }
    // The chains must reach each way out of a ready check, not just pile up refusals.
    Statistics.label(Happened.CONFIRMED.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label(Happened.CANCELLED_BY_DECLINE.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label(Happened.TIMED_OUT.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label(Happened.FINISHED.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label(Happened.REQUEUED.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 40));
    Statistics.label(Happened.MAP_CHOSEN.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 10));
    // Substitutes need a free player, whom only a finished or abandoned match leaves.
    Statistics.label(Happened.SUBSTITUTED.toString())
        .coverage(c -> c.check(true).percentage(p -> p > 10));
  }

  @Provide
  Arbitrary<ActionChain<ReadyCheckWorld>> chains() {
    return ActionChain.startWith(ReadyCheckWorld::new)
        .withAction(16, step("accept", ReadyCheckWorld::accept))
        .withAction(1, step("decline", ReadyCheckWorld::decline))
        .withAction(1, step("leave party", ReadyCheckWorld::leaveParty))
        .withAction(3, new Wait())
        .withAction(10, new Report())
        .withAction(1, step("moderator cancels", ReadyCheckWorld::adminCancel))
        .withAction(1, new SetResult())
        .withAction(3, step("pop", ReadyCheckWorld::popWhatIsQueued))
        .withAction(3, step("queue again", ReadyCheckWorld::requeue))
        .withAction(2, step("ask for a substitute", ReadyCheckWorld::requestSub))
        .withAction(4, step("substitute", ReadyCheckWorld::substitute))
        .withAction(6, step("vote for a map", ReadyCheckWorld::voteMap))
        .withMaxTransformations(60);
  }

  private interface Step {
    void run(ReadyCheckWorld world, int k);
  }

  /** A step that takes a number to pick its player or match with. */
  private static Action.Independent<ReadyCheckWorld> step(String name, Step step) {
    return () -> Arbitraries.integers().between(0, 999)
        .map(k -> Transformer.mutate(name + " #" + k, world -> step.run(world, k)));
  }

  /** The clock moves a little (ready checks) or a lot (result expiry), then the core ticks. */
  static final class Wait implements Action.Independent<ReadyCheckWorld> {
    @Override
    public Arbitrary<Transformer<ReadyCheckWorld>> transformer() {
      Arbitrary<Duration> amount = Arbitraries.frequencyOf(
          Tuple.of(5, Arbitraries.integers().between(1, 40).map(Duration::ofSeconds)),
          Tuple.of(1, Arbitraries.integers().between(2, 25).map(Duration::ofMinutes)));
      return amount.map(d -> Transformer.mutate("wait " + d + " and tick",
          world -> world.waitAndTick(d)));
    }
  }

  /** A player reports a result, mostly team 1's win so that majorities form. */
  static final class Report implements Action.Independent<ReadyCheckWorld> {
    @Override
    public Arbitrary<Transformer<ReadyCheckWorld>> transformer() {
      return Combinators.combine(Arbitraries.integers().between(0, 999), results())
          .as((k, r) -> Transformer.<ReadyCheckWorld>mutate("report " + r + " #" + k,
              world -> world.report(k, r)));
    }
  }

  /** A moderator sets a result. */
  static final class SetResult implements Action.Independent<ReadyCheckWorld> {
    @Override
    public Arbitrary<Transformer<ReadyCheckWorld>> transformer() {
      Arbitrary<MatchResult> result = Arbitraries.of(MatchResult.win(0), MatchResult.win(1),
          MatchResult.draw(), MatchResult.noResult());
      return Combinators.combine(Arbitraries.integers().between(0, 999), result)
          .as((k, r) -> Transformer.<ReadyCheckWorld>mutate("moderator sets " + r + " #" + k,
              world -> world.adminSetResult(k, r)));
    }
  }

  private static Arbitrary<MatchResult> results() {
    return Arbitraries.frequency(
        Tuple.of(6, MatchResult.win(0)),
        Tuple.of(2, MatchResult.win(1)),
        Tuple.of(1, MatchResult.draw()));
  }
}
