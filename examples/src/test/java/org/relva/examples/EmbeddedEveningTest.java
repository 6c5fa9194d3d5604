package org.relva.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.Relva;

/** The example program runs as the README says, and schedules the core's ticks. */
class EmbeddedEveningTest {

  @Test
  @DisplayName("the example embeds the core and the matchmaker: a pop, a confirmed match, ratings")
  void playsAnEvening() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Relva> scheduled = new ArrayList<>();
    EmbeddedEvening.run(new EmbeddedEvening.ManualClock(Instant.parse("2026-01-01T18:00:00Z")),
        new PrintStream(bytes, true, StandardCharsets.UTF_8), scheduled::add);
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(scheduled).as("the core's ticks are scheduled").hasSize(1);
    assertThat(out).contains("alice's party of 3 is queued in us-e")
        .containsPattern(" popped: \\[.*alice, bob, carol.*\\] vs \\[")
        .contains("is CONFIRMED")
        .contains("ended: team 1 won")
        .containsPattern("  alice: rating \\d+ after 1 game");
  }
}
