package org.relva.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.relva.core.model.UserId;

/**
 * The limit on wrong join-code guesses: at most {@link RelvaConfig#wrongCodeLimit()} within
 * {@link RelvaConfig#wrongCodeWindow()}, per user, so codes cannot be guessed by brute force.
 *
 * <p>Its recent guesses are deliberately kept in memory only: a restart forgets them, which at
 * worst gives a guesser one fresh window. It forgets users whose guesses have all aged out once it
 * tracks 10,000, so it stays small. Not thread-safe: used with {@link Relva}'s lock held.
 */
final class JoinCodeGuard {
  private static final int FORGET_ABOVE = 10_000;

  private final RelvaConfig config;
  private final Map<UserId, ArrayDeque<Instant>> wrongCodes = new HashMap<>();

  JoinCodeGuard(RelvaConfig config) {
    this.config = config;
  }

  /** How long {@code user} must wait before guessing again, if they are over the limit. */
  Optional<Duration> waitFor(UserId user, Instant now) {
    ArrayDeque<Instant> recent = wrongCodes.get(user);
    if (recent == null) {
      return Optional.empty();
    }
    Instant cutoff = now.minus(config.wrongCodeWindow());
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
      recent.removeFirst();
    }
    if (recent.isEmpty()) {
      wrongCodes.remove(user);
      return Optional.empty();
    }
    if (recent.size() < config.wrongCodeLimit()) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(cutoff, recent.peekFirst()));
  }

  /** Counts a wrong guess by {@code user} at {@code now}. */
  void recordWrong(UserId user, Instant now) {
    if (wrongCodes.size() >= FORGET_ABOVE) {
      Instant cutoff = now.minus(config.wrongCodeWindow());
      wrongCodes.values().removeIf(q -> q.isEmpty() || !q.peekLast().isAfter(cutoff));
    }
    wrongCodes.computeIfAbsent(user, u -> new ArrayDeque<>()).addLast(now);
  }
}
