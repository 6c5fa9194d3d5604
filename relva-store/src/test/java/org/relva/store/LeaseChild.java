package org.relva.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link ServerLeasesCrashTest} kills: it acquires the server named on its command
 * line, says {@code held <id>} on standard output, and serves it until its standard input ends
 * (which never comes: the parent kills it with SIGKILL).
 */
public final class LeaseChild {
  private LeaseChild() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String serverId = args[1];
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    try (ServerLeases leases = RelvaStore.serverLeases(url, TestPostgres.USER,
        TestPostgres.PASSWORD, retries, Duration.ofMillis(100))) {
      leases.acquire(serverId).get(60, TimeUnit.SECONDS);
      out.println("held " + serverId);
      while (System.in.read() >= 0) {
        // Serving, until told to stop.
      }
    } finally {
      retries.shutdownNow();
    }
    out.println("released " + serverId);
  }
}
