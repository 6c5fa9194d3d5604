package org.relva.testkit.discord;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the fake Discord fails a request, in one of the ways the real one does.
 *
 * <p>Immutable.
 */
public sealed interface RestFault {
  /**
   * HTTP 429 with Discord's body and headers: {@code retry_after} in seconds (fractional), and the
   * {@code Retry-After} and {@code X-RateLimit-*} headers of a per-route ("user" scope) limit. The
   * request is not carried out.
   */
  static RestFault rateLimited(Duration retryAfter) {
    return new RateLimited(retryAfter);
  }

  /** HTTP {@code status} (500, 502, 503...) with Discord's error body; not carried out. */
  static RestFault serverError(int status) {
    return new ServerError(status);
  }

  /**
   * The request is carried out at once, as Discord would, but the answer leaves only after
   * {@code delay}: a client that gives up sooner never learns that it worked.
   */
  static RestFault lateAnswer(Duration delay) {
    return new LateAnswer(delay);
  }

  /** See {@link #rateLimited}. */
  record RateLimited(Duration retryAfter) implements RestFault {
    public RateLimited {
      requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
      }
    }
  }

  /** See {@link #serverError}. */
  record ServerError(int status) implements RestFault {
    public ServerError {
      if (status < 500 || status > 599) {
        throw new IllegalArgumentException("a server error is 5xx, not " + status);
      }
    }
  }

  /** See {@link #lateAnswer}. */
  record LateAnswer(Duration delay) implements RestFault {
    public LateAnswer {
      requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative: " + delay);
      }
    }
  }
}
