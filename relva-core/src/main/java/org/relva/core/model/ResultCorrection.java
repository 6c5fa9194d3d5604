package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One moderator's correction of a finished match's result: the audit entry that says who changed
 * what, when and why. Immutable.
 *
 * @param from the result before the correction
 * @param to the result after it; never "no result", and never {@code from}
 * @param by the moderator who corrected it
 * @param at when
 * @param reason why, in the moderator's words; empty if none was given
 */
public record ResultCorrection(MatchResult from, MatchResult to, Member by, Instant at,
    String reason) {
  public ResultCorrection {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(by, "by");
    requireNonNull(at, "at");
    requireNonNull(reason, "reason");
    checkArgument(to.counts(), "a correction sets a result that counts, not %s", to);
    checkArgument(!from.equals(to), "a correction changes the result, but both are %s", to);
  }
}
