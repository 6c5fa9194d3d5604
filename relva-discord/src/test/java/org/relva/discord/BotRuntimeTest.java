package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.event.QueueEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Member;
import org.relva.core.store.StateJournal;

class BotRuntimeTest {

  @Test
  @DisplayName("the bot's runtime pops matches on the matchmaking executor it is given, off the "
      + "command's thread")
  void matchmakingThread() throws Exception {
    BotConfig config = BotConfig.load(Map.of("RELVA_FORMAT", "2v2"), Optional.empty());
    ExecutorService passes = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "relva-matchmaker");
      thread.setDaemon(true);
      return thread;
    });
    BotRuntime runtime = BotRuntime.start(config, ServerSetup.none(),
        ServerSetup.ServerConfig.of(config), new Console.ConsoleChannels(note -> { }),
        Clock.systemUTC(), new SplittableRandom(3), message -> { }, StateJournal.none(), passes,
        true, true);
    CountDownLatch popped = new CountDownLatch(1);
    runtime.relva().events().subscribe(QueueEvent.QueuePop.class, pop -> popped.countDown());
    try {
      for (int i = 1; i <= 4; i++) {
        runtime.handle(new Invocation(Member.of(String.valueOf(1000 + i), "p" + i),
            ChannelId.of("kiwipugs"), "queue", "join", Map.of(), Map.of(), false));
      }
      assertThat(popped.await(30, TimeUnit.SECONDS)).as("a 2v2 popped").isTrue();
      // Events are delivered by whichever thread runs the core's effects, so the pass's thread is
      // seen by its name among the live threads rather than by the listener's thread.
      assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
          .contains("relva-matchmaker");
      assertThat(runtime.relva().openMatches()).hasSize(1);
    } finally {
      runtime.stop();
      passes.shutdownNow();
    }
  }
}
