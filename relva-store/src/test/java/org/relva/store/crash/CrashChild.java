package org.relva.store.crash;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.relva.store.RelvaStore;

/**
 * The process the crash test kills: it opens a SQLite database, restores the evening from it, and
 * runs the steps it is told to on standard input ({@code RUN n}), acknowledging each on standard
 * output ({@code ACK i}) only once the step returned, so once its change was committed. The parent
 * kills it with SIGKILL while it runs.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int next = Integer.parseInt(args[2]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    try (RelvaStore store = RelvaStore.sqlite(db, RelvaStore.Durability.PROCESS_CRASH)) {
      Evening evening = new Evening(store, seed, next);
      out.println("READY " + next);
      String line;
      while ((line = in.readLine()) != null && line.startsWith("RUN ")) {
        int count = Integer.parseInt(line.substring(4).strip());
        for (int i = 0; i < count; i++) {
          evening.step(next);
          out.println("ACK " + next);
          next++;
        }
        out.println("IDLE " + next);
      }
      if (!evening.stores.violations().isEmpty()) {
        out.println("BROKEN " + evening.stores.violations());
        System.exit(3);
      }
    }
    out.println("DONE");
  }
}
