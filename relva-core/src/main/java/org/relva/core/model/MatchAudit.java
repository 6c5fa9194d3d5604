package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The corrections of one match's result, oldest first: what {@code /admin history} shows beside
 * the match. Only corrected matches have one. Immutable.
 *
 * @param matchId the match
 * @param corrections every correction, oldest first; at least one
 */
public record MatchAudit(String matchId, List<ResultCorrection> corrections) {
  public MatchAudit {
    requireNonNull(matchId, "matchId");
    corrections = ImmutableList.copyOf(corrections);
    checkArgument(!corrections.isEmpty(), "an audit holds at least one correction");
  }

  /** The audit of a match corrected once, by {@code first}. */
  public static MatchAudit of(String matchId, ResultCorrection first) {
    return new MatchAudit(matchId, List.of(first));
  }

  /** This audit with {@code next} after the others. */
  public MatchAudit plus(ResultCorrection next) {
    return new MatchAudit(matchId,
        ImmutableList.<ResultCorrection>builder().addAll(corrections).add(next).build());
  }

  /** The result the match finished with, before any correction. */
  public MatchResult original() {
    return corrections.get(0).from();
  }
}
