package org.relva.core;

import static net.jqwik.api.Tuple.of;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;
import org.relva.core.CoreWorld.Code;
import org.relva.core.CoreWorld.Op;
import org.relva.core.CoreWorld.Step;
import org.relva.core.CoreWorld.Where;

/**
 * The core's invariants under random sequences of every operation (valid and invalid, from the
 * right and wrong channels, by leaders and members), checked after every step; jqwik shrinks a
 * failing sequence to a short one.
 */
class CoreStateProperties {

  @Property(tries = 1000, seed = "20261201")
  void invariantsHoldAfterEveryStep(@ForAll("chains") ActionChain<CoreWorld> chain) {
    CoreWorld world = chain
        .withInvariant("stores, channels and events agree", CoreWorld::checkInvariants)
        .run();
    Statistics.label("parties at the end").collect(bucket(world.relva.parties().size()));
    Statistics.label("queued at the end").collect(bucket(world.relva.queue().size()));
    // The sequences must reach the interesting states, not just pile up refusals.
    for (Op op : new Op[] {Op.CREATE, Op.JOIN, Op.QUEUE_PARTY, Op.QUEUE_SOLO, Op.POP, Op.REMOVE,
        Op.PROMOTE, Op.LEAVE}) {
      Statistics.label(op + " succeeded").collect(world.succeeded.contains(op));
    }
    Statistics.label(Op.QUEUE_PARTY + " succeeded").coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label(Op.POP + " succeeded").coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label(Op.REMOVE + " succeeded").coverage(c -> c.check(true).percentage(p -> p > 10));
    Statistics.label(Op.JOIN + " succeeded").coverage(c -> c.check(true).percentage(p -> p > 60));
  }

  private static String bucket(int n) {
    return n == 0 ? "0" : n <= 2 ? "1-2" : "3+";
  }

  @Provide
  Arbitrary<ActionChain<CoreWorld>> chains() {
    // A fixed seed for ids: they never decide behaviour, and a flatMap over seeds would stop
    // jqwik from shrinking the chain.
    return ActionChain.startWith(() -> new CoreWorld(42))
        .withAction(new AnyStep())
        .withMaxTransformations(60);
  }

  /** Any operation by any user, weighted towards the ones that build up state. */
  static final class AnyStep implements Action.Independent<CoreWorld> {
    @Override
    public Arbitrary<Transformer<CoreWorld>> transformer() {
      Arbitrary<Op> ops = Arbitraries.frequency(
          of(8, Op.CREATE), of(12, Op.JOIN),
          of(4, Op.LEAVE), of(2, Op.DISBAND),
          of(3, Op.REMOVE), of(3, Op.PROMOTE),
          of(2, Op.NEW_CODE), of(1, Op.INFO),
          of(1, Op.STATS), of(6, Op.QUEUE_PARTY),
          of(2, Op.DEQUEUE_PARTY), of(6, Op.QUEUE_SOLO),
          of(2, Op.LEAVE_SOLO), of(3, Op.POP),
          of(1, Op.FAIL_NEXT_CHANNEL), of(2, Op.WAIT));
      Arbitrary<Integer> users = Arbitraries.integers().between(0, CoreWorld.USERS - 1);
      Arbitrary<Where> where = Arbitraries.frequency(
          of(7, Where.OWN_PARTY), of(4, Where.LOBBY),
          of(1, Where.OTHER_PARTY), of(1, Where.ELSEWHERE));
      Arbitrary<Code> code = Arbitraries.frequency(
          of(6, Code.LIVE), of(2, Code.LIVE_LOWERCASE),
          of(1, Code.OLD), of(1, Code.GARBAGE));
      Arbitrary<Integer> region = Arbitraries.frequency(
          of(6, 0), of(2, 1),
          of(1, 2), of(1, 3));
      return Combinators.combine(ops, users, users, where, code, region)
          .as(Step::new)
          .map(step -> Transformer.mutate(step.toString(), world -> world.apply(step)));
    }
  }
}
