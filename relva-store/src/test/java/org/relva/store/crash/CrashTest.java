package org.relva.store.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.Relva;
import org.relva.core.RelvaStores;
import org.relva.core.store.StateJournal;
import org.relva.matchmaking.stats.PlayerStats;
import org.relva.matchmaking.stats.RatingBook;
import org.relva.store.RelvaStore;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.RelvaInvariants;

/**
 * Real crashes: a child JVM plays a scripted evening on a SQLite database and is killed with
 * SIGKILL at many points; after each kill the database is opened afresh and must hold exactly the
 * state after every acknowledged step (or after one more, whose commit landed before the kill but
 * whose acknowledgement did not get out), with the invariants intact and every finished match
 * rated exactly once; then a new process restores from it and plays on.
 */
class CrashTest {
  private static final long SEED = 20261206L;
  private static final int STEPS = 240;
  private static final int KILLS = 50;

  @TempDir Path dir;

  @Test
  @DisplayName("killed at 50 points, the database keeps every acknowledged step, half of none, and plays on")
  void sigkillLosesNothingAcknowledged() throws Exception {
    Evening reference = new Evening(StateJournal.none(), SEED, 0);
    List<Map<String, Map<?, ?>>> core = new ArrayList<>();
    List<List<PlayerStats>> ratings = new ArrayList<>();
    core.add(reference.core());
    ratings.add(reference.ratings());
    for (int i = 0; i < STEPS; i++) {
      reference.step(i);
      core.add(reference.core());
      ratings.add(reference.ratings());
    }
    assertThat(ratings.get(STEPS)).as("the evening rates matches").isNotEmpty();

    SplittableRandom random = new SplittableRandom(SEED);
    Set<Integer> points = new TreeSet<>();
    while (points.size() < KILLS) {
      points.add(1 + random.nextInt(STEPS - 30));
    }
    int inFlightLanded = 0;
    int kills = 0;
    int continued = 0;
    for (int k : points) {
      Path db = dir.resolve("killed-at-" + k + ".db");
      Child child = Child.start(db, 0);
      child.run(k);
      child.killDuring(20);
      int acked = child.acknowledged();
      assertThat(acked).isBetween(k + 1, k + 20);

      int restored = restoredSteps(db, core, ratings, acked);
      inFlightLanded += restored - acked;

      if (kills++ % 5 == 0) {
        // A new process restores from the same file and plays on (every fifth kill: each child
        // JVM costs a second or so; the others are restored and checked in this one).
        Child again = Child.start(db, restored);
        again.run(10);
        again.finish();
        continued++;
      }
    }
    assertThat(continued).isEqualTo(KILLS / 5);
    System.out.println("kills: " + KILLS + ", of which the step in flight had committed: "
        + inFlightLanded + "; new processes that played on: " + continued);
  }

  /** Opens {@code db} afresh and finds which prefix of the evening it holds: acked or acked + 1. */
  private static int restoredSteps(Path db, List<Map<String, Map<?, ?>>> core,
      List<List<PlayerStats>> ratings, int acked) {
    try (RelvaStore store = RelvaStore.sqlite(db, RelvaStore.Durability.PROCESS_CRASH)) {
      RelvaStores stores = RelvaStores.inMemory();
      Relva relva = Relva.builder().stores(stores).channels(new FakePartyChannels())
          .clock(Clock.systemUTC()).journal(store).build(); // checks every invariant
      RatingBook book = RatingBook.builder().journal(store).build();
      book.catchUp(relva);
      Map<String, Map<?, ?>> held = RelvaInvariants.contents(relva, stores);
      for (int m = acked; m <= Math.min(acked + 1, core.size() - 1); m++) {
        if (held.equals(core.get(m))) {
          assertThat(book.leaderboard(100)).as("ratings after %s steps, each match once", m)
              .isEqualTo(ratings.get(m));
          return m;
        }
      }
      return fail("after %s acknowledged steps the database holds neither that state nor the "
          + "next: %s%nexpected: %s", acked, held, core.get(acked));
    }
  }

  /** A child JVM running {@link CrashChild}. */
  private static final class Child {
    private final Process process;
    private final Path errors;
    private final PrintStream in;
    private final BufferedReader out;
    private int lastAck = -1;
    private final List<String> said = new ArrayList<>();

    private Child(Process process, Path errors) {
      this.process = process;
      this.errors = errors;
      this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
    }

    static Child start(Path db, int next) throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      Path errors = db.resolveSibling(db.getFileName() + "-" + next + ".err");
      Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), db.toString(), String.valueOf(SEED), String.valueOf(next))
          .redirectError(errors.toFile())
          .start();
      Child child = new Child(process, errors);
      child.expect("READY " + next);
      child.lastAck = next - 1;
      return child;
    }

    /** Runs {@code count} steps and waits until all are acknowledged. */
    void run(int count) throws IOException {
      in.println("RUN " + count);
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("IDLE")) {
        note(line);
      }
      if (line == null) {
        fail("the child died; it wrote:\n" + java.nio.file.Files.readString(errors));
      }
    }

    /**
     * Lets it run up to {@code count} more steps and kills it with SIGKILL as soon as the first is
     * acknowledged, so the kill lands somewhere in the steps after it: between two, or in the
     * middle of one's commit.
     */
    void killDuring(int count) throws IOException, InterruptedException {
      in.println("RUN " + count);
      int first = lastAck + 1;
      String line;
      while (lastAck < first && (line = out.readLine()) != null) {
        note(line);
      }
      // SIGKILL on Linux: no shutdown hook, no flush, no close. Through the handle, which sends
      // the signal and leaves this side's pipes open (Process.destroyForcibly closes them), so the
      // acknowledgements the child wrote before it died can still be read.
      assertThat(process.toHandle().destroyForcibly()).isTrue();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      while ((line = out.readLine()) != null) {
        note(line);
      }
    }

    /** How many steps of the evening were acknowledged in all. */
    int acknowledged() {
      return lastAck + 1;
    }

    void finish() throws IOException, InterruptedException {
      in.close();
      expect("DONE");
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
    }

    private void note(String line) {
      said.add(line);
      if (line.startsWith("ACK ")) {
        lastAck = Integer.parseInt(line.substring(4).strip());
      }
    }

    private void expect(String wanted) throws IOException {
      String line;
      while ((line = out.readLine()) != null) {
        note(line);
        if (line.equals(wanted)) {
          return;
        }
      }
      fail("the child ended before saying '" + wanted + "'; it said " + said + " and wrote:\n"
          + java.nio.file.Files.readString(errors));
    }
  }
}
