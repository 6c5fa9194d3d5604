package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.testkit.MutableClock;

class OperatorLogTest {
  @Test
  @DisplayName("the same alert is said once in ten minutes, then again; others are said at once")
  void sameAlert_isSaidOnceInTenMinutes() {
    MutableClock clock = MutableClock.at(Instant.parse("2026-12-01T20:00:00Z"));
    OperatorLog log = new OperatorLog(clock);

    log.alert("Relva lacks Manage Threads");
    log.alert("Relva lacks Manage Threads");
    log.alert("Relva lacks Create Private Threads");
    clock.advance(Duration.ofMinutes(10));
    log.alert("Relva lacks Manage Threads");

    assertThat(log.recent()).containsExactly("Relva lacks Manage Threads",
        "Relva lacks Create Private Threads", "Relva lacks Manage Threads");
  }
}
