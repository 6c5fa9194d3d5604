package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The takeover the leases exist for: a real process holds a server and is killed with SIGKILL
 * (no shutdown hook, no close), and the waiting process gets the server from PostgreSQL, which
 * ends the dead process's session by itself. Here the retries run on a real scheduler, every
 * 50 ms, because when PostgreSQL notices the death is up to it; the test waits on the request,
 * with a generous bound, and never sleeps.
 */
class ServerLeasesCrashTest {
  private static final Duration EVERY = Duration.ofMillis(50);

  @TempDir Path dir;

  @Test
  @DisplayName("a process killed with SIGKILL while holding a server gives it to the waiting one")
  void sigkilledHolder_isTakenOver() throws Exception {
    String url = TestPostgres.newDatabase();
    Path errors = dir.resolve("child.err");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), LeaseChild.class.getName(), url, "A")
        .redirectError(errors.toFile())
        .start();
    ChecksCounted retries = new ChecksCounted(3);
    try (ServerLeases parent = RelvaStore.serverLeases(url, TestPostgres.USER,
        TestPostgres.PASSWORD, retries, EVERY)) {
      expect(child, "held A", errors);
      assertThat(parent.tryAcquire("A")).as("the child holds it").isFalse();
      assertThat(parent.tryAcquire("B")).as("and only it").isTrue();

      CompletableFuture<Void> takeover = parent.acquire("A");
      retries.startCounting();
      assertThat(retries.checked.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(takeover).as("after %s retries, while the child lives", 3).isNotDone();
      assertThat(child.isAlive()).isTrue();

      long killed = System.nanoTime();
      assertThat(child.toHandle().destroyForcibly()).isTrue(); // SIGKILL on Linux
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as("killed by a signal, not ended").isNotZero();
      takeover.get(30, TimeUnit.SECONDS);
      System.out.println("taken over " + Duration.ofNanos(System.nanoTime() - killed).toMillis()
          + " ms after the SIGKILL");
      assertThat(parent.held()).containsExactlyInAnyOrder("A", "B");
    } finally {
      child.destroyForcibly();
      retries.shutdownNow();
    }
  }

  private static void expect(Process child, String wanted, Path errors) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8));
    List<String> said = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      said.add(line);
      if (line.equals(wanted)) {
        return;
      }
    }
    fail("the child ended before saying '" + wanted + "'; it said " + said + " and wrote:\n"
        + Files.readString(errors));
  }

  /** A real scheduler that counts the runs of the repeating check once told to start. */
  private static final class ChecksCounted extends ScheduledThreadPoolExecutor {
    final CountDownLatch checked;
    private volatile boolean counting;

    ChecksCounted(int runs) {
      super(1);
      this.checked = new CountDownLatch(runs);
    }

    void startCounting() {
      counting = true;
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
      super.afterExecute(task, failure);
      if (counting && task instanceof Future<?> f && !f.isDone()) { // a repeating task, run
        checked.countDown();
      }
    }
  }
}
