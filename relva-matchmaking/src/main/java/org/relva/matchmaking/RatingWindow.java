package org.relva.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.List;

/**
 * How far from the anchor's rating the {@code balanced} algorithm looks for candidates, widening as
 * the anchor waits: FlexMatch-style expansion steps such as "100 at 0 s, 200 at 30 s, any at
 * 120 s". Immutable and value-based.
 *
 * @param steps the steps, the first at zero and each later one widening the window
 */
public record RatingWindow(List<Step> steps) {

  public RatingWindow {
    steps = ImmutableList.copyOf(steps);
    checkArgument(!steps.isEmpty(), "matchmaking.ratingWindow needs at least one step");
    checkArgument(steps.get(0).after().isZero(),
        "matchmaking.ratingWindow: the first step must start at 0 s, got %s", steps.get(0).after());
    for (int i = 1; i < steps.size(); i++) {
      Step previous = steps.get(i - 1);
      Step step = steps.get(i);
      checkArgument(step.after().compareTo(previous.after()) > 0,
          "matchmaking.ratingWindow: steps must be in increasing order of wait, got %s after %s",
          step, previous);
      checkArgument(step.width() >= previous.width(),
          "matchmaking.ratingWindow: a window never narrows, got %s after %s", step, previous);
    }
  }

  public static RatingWindow of(Step... steps) {
    return new RatingWindow(List.of(steps));
  }

  /** 100 at 0 s, 200 at 30 s, any rating at 120 s. */
  public static RatingWindow defaults() {
    return of(step(Duration.ZERO, 100), step(Duration.ofSeconds(30), 200),
        any(Duration.ofSeconds(120)));
  }

  /** From {@code after} on, candidates within {@code width} of the anchor's rating. */
  public static Step step(Duration after, double width) {
    return new Step(after, width);
  }

  /** From {@code after} on, candidates of any rating. */
  public static Step any(Duration after) {
    return new Step(after, Double.POSITIVE_INFINITY);
  }

  /** The width after waiting {@code waited}: that of the last step that has started. */
  public double width(Duration waited) {
    double width = steps.get(0).width();
    for (Step step : steps) {
      if (waited.compareTo(step.after()) < 0) {
        break;
      }
      width = step.width();
    }
    return width;
  }

  /**
   * One expansion step.
   *
   * @param after the anchor's wait from which the step applies
   * @param width how far a candidate's rating may be from the anchor's, either way; infinite for any
   */
  public record Step(Duration after, double width) {
    public Step {
      requireNonNull(after, "after");
      checkArgument(!after.isNegative(), "matchmaking.ratingWindow: a step's wait is negative (%s)",
          after);
      checkArgument(width >= 0, "matchmaking.ratingWindow: a width is zero or more, got %s", width);
    }

    @Override
    public String toString() {
      return (Double.isInfinite(width) ? "any" : String.valueOf(width)) + " at " + after;
    }
  }
}
