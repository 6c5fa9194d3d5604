package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bot tells whoever runs it when it needs them to act: a permission to give back to its
 * role, say. Each alert is logged at ERROR, and the same text at most once every ten minutes (a
 * refusal met on every tick should not flood the log). The latest alerts are kept, for the
 * end-to-end tests and for a look in a debugger.
 *
 * <p>This class is thread-safe: its methods are synchronized.
 */
final class OperatorLog {
  private static final Logger LOG = LoggerFactory.getLogger("org.relva.discord.Operator");
  static final Duration QUIET = Duration.ofMinutes(10);
  private static final int KEPT = 100;

  private final Clock clock;
  private final ArrayDeque<String> recent = new ArrayDeque<>();
  private final Map<String, Instant> lastSaid = new HashMap<>();

  OperatorLog(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  OperatorLog() {
    this(Clock.systemUTC());
  }

  /** Logs {@code text} at ERROR, unless it was said less than ten minutes ago. */
  synchronized void alert(String text) {
    Instant now = clock.instant();
    Instant last = lastSaid.get(text);
    if (last != null && last.plus(QUIET).isAfter(now)) {
      return;
    }
    if (lastSaid.size() > 1000) {
      lastSaid.values().removeIf(said -> !said.plus(QUIET).isAfter(now));
    }
    lastSaid.put(text, now);
    recent.addLast(text);
    if (recent.size() > KEPT) {
      recent.removeFirst();
    }
    LOG.error(text);
  }

  /** The latest alerts, oldest first. */
  synchronized List<String> recent() {
    return List.copyOf(recent);
  }
}
