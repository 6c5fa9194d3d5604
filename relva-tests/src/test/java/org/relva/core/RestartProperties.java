package org.relva.core;

import static net.jqwik.api.Tuple.of;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import org.relva.core.CoreStateProperties.AnyStep;
import org.relva.testkit.store.InMemoryJournal;

/**
 * Durability under random sequences: every operation's changes reach the journal before its
 * outcome does, so the journal always holds exactly what the stores hold; a restart (the core and
 * its stores dropped, a new core built from the journal) restores exactly what was there; and a
 * commit that fails undoes its operation, so nothing is half-applied. The invariants hold after
 * every step.
 */
class RestartProperties {

  @Property(tries = 300, seed = "20261206")
  void restartsRestoreExactlyWhatWasThere(@ForAll("chains") ActionChain<Durable> chain) {
    Durable world = chain
        .withInvariant("stores, channels and events agree", w -> w.world.checkInvariants())
        .withInvariant("the journal holds exactly what the stores hold", Durable::checkJournal)
        .run();
    Statistics.label("restarts").collect(Math.min(world.world.restarts, 3));
    Statistics.label("database lost for a step").collect(world.failedCommits > 0);
    Statistics.label("restarts").coverage(c -> c.check(0).percentage(p -> p < 50));
    Statistics.label("database lost for a step").coverage(c -> c.check(true).percentage(p -> p > 30));
  }

  /** A core world on an in-memory journal that can restart and lose its database for a step. */
  static final class Durable {
    final InMemoryJournal journal = new InMemoryJournal();
    final CoreWorld world = new CoreWorld(42, journal);
    int failedCommits;

    void checkJournal() {
      Map<String, Map<?, ?>> held = new java.util.LinkedHashMap<>();
      world.snapshot().forEach((name, entries) -> {
        if (!entries.isEmpty()) {
          held.put(name, entries);
        }
      });
      assertThat(journal.state()).isEqualTo(held);
    }

    @Override
    public String toString() {
      return "Durable(" + world.relva + ", " + journal.commits() + " commits)";
    }
  }

  @Provide
  Arbitrary<ActionChain<Durable>> chains() {
    return ActionChain.startWith(Durable::new)
        .withAction(12, new Step())
        .withAction(1, new Restart())
        .withAction(1, new LostDatabase())
        .withMaxTransformations(60);
  }

  /** Any operation, as in the core's state properties. */
  static final class Step implements Action.Independent<Durable> {
    private final AnyStep any = new AnyStep();

    @Override
    public Arbitrary<Transformer<Durable>> transformer() {
      return any.transformer().map(t -> Transformer.mutate(t.transformation(), d -> {
        t.apply(d.world);
      }));
    }
  }

  /** The process dies and starts again on the same journal. */
  static final class Restart implements Action.Independent<Durable> {
    @Override
    public Arbitrary<Transformer<Durable>> transformer() {
      return Arbitraries.just(Transformer.mutate("restart", d -> d.world.restart()));
    }
  }

  /**
   * The database is unreachable for one operation: whatever it was must be refused as not saved
   * (or have changed nothing), and the journal and the stores still agree.
   */
  static final class LostDatabase implements Action.Independent<Durable> {
    private final AnyStep any = new AnyStep();

    @Override
    public Arbitrary<Transformer<Durable>> transformer() {
      return any.transformer().map(t -> Transformer.mutate("with the database lost: "
          + t.transformation(), d -> {
        long before = d.journal.commits();
        Map<String, Map<?, ?>> stores = d.world.snapshot();
        d.journal.failNextCommits(1);
        t.apply(d.world);
        d.journal.failNextCommits(0);
        assertThat(d.journal.commits()).as("no commit went through").isEqualTo(before);
        assertThat(d.world.snapshot())
            .as("an operation whose commit failed changed nothing").isEqualTo(stores);
        d.failedCommits++;
      }));
    }
  }
}
