package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.Member;

/** The lobby's live queue message: kept up to date, at most one edit per region per 5 s. */
class LiveQueueTest {
  private final Console.ConsoleClock clock =
      new Console.ConsoleClock(Instant.parse("2026-01-01T18:00:00Z"));
  private final List<BotMessage> sent = new ArrayList<>();
  private final BotRuntime runtime = BotRuntime.start(
      BotConfig.load(Map.of("RELVA_LIVE_QUEUE", "true"), Optional.empty()),
      new Console.ConsoleChannels(note -> { }), clock, new SplittableRandom(1), sent::add);

  @AfterEach
  void stop() {
    runtime.stop();
  }

  private void join(String name, long id) {
    runtime.handle(new Invocation(Member.of(Long.toString(id), name), runtime.lobby(), "queue",
        "join", Map.of(), Map.of(), false));
  }

  private List<BotMessage> boards() {
    List<BotMessage> boards = sent.stream().filter(m -> m.board().isPresent()).toList();
    sent.clear();
    return boards;
  }

  @Test
  @DisplayName("the first tick posts every region's message; later ones only what changed")
  void postsEveryRegionThenOnlyChanges() {
    runtime.tick();
    assertThat(boards()).extracting(m -> m.board().orElseThrow())
        .containsExactly("queue:us-e", "queue:us-w", "queue:eu");

    join("alice", 1001);
    clock.advance(LiveQueue.MIN_INTERVAL);
    runtime.tick();

    assertThat(boards()).singleElement().satisfies(m -> {
      assertThat(m.board()).contains("queue:us-e");
      assertThat(m.channel()).contains(runtime.lobby());
      assertThat(m.text()).startsWith("Queue us-e: 1 of 10 players waiting, the first since <t:")
          .contains(": alice. Needs 9 more players.");
    });
  }

  @Test
  @DisplayName("a burst of joins is one edit, no sooner than 5 s after the last")
  void burstsCoalesceWithinTheInterval() {
    runtime.tick();
    boards();
    join("alice", 1001);
    runtime.tick();
    assertThat(boards()).as("within 5 s of the first post").isEmpty();

    join("bob", 1002);
    clock.advance(Duration.ofSeconds(4));
    runtime.tick();
    assertThat(boards()).isEmpty();

    join("carol", 1003);
    clock.advance(Duration.ofSeconds(1));
    runtime.tick();
    assertThat(boards()).singleElement().extracting(BotMessage::text).asString()
        .contains("alice, bob, carol");

    runtime.tick();
    clock.advance(Duration.ofMinutes(1));
    runtime.tick();
    assertThat(boards()).as("nothing changed: no edit").isEmpty();
  }

  @Test
  @DisplayName("off by default: no live messages unless RELVA_LIVE_QUEUE=true")
  void offByDefault() {
    List<BotMessage> quiet = new ArrayList<>();
    BotRuntime plain = BotRuntime.start(BotConfig.load(Map.of(), Optional.empty()),
        new Console.ConsoleChannels(note -> { }), clock, new SplittableRandom(1), quiet::add);
    plain.tick();
    plain.stop();
    assertThat(quiet).isEmpty();
  }
}
