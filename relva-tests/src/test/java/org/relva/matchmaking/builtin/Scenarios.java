package org.relva.matchmaking.builtin;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;
import org.relva.matchmaking.MatchContext;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.MatchmakingAlgorithm;
import org.relva.matchmaking.Proposal;
import org.relva.matchmaking.ProposalValidator;
import org.relva.matchmaking.RatingWindow;
import org.relva.matchmaking.RegionPolicy;
import org.relva.matchmaking.Ratings;

/** Shared set-up for the built-ins' tests. */
final class Scenarios {
  static final RatingWindow ANY = RatingWindow.of(RatingWindow.any(Duration.ZERO));

  private Scenarios() {}

  static MatchmakingAlgorithm fifo() {
    return AnchoredMatchmaker.fifo();
  }

  static MatchmakingAlgorithm balanced() {
    return AnchoredMatchmaker.balanced(RatingWindow.defaults(), Duration.ofSeconds(90));
  }

  /** Runs {@code algorithm} and checks every proposal against the validator before returning. */
  static List<Proposal> propose(MatchmakingAlgorithm algorithm, List<QueueEntry> queue,
      Instant now, MatchFormat format, Ratings ratings, RegionPolicy policy) {
    MatchContext context = new MatchContext(queue, now, format, ratings, policy);
    List<Proposal> proposals = algorithm.propose(context);
    ProposalValidator validator = ProposalValidator.forPass(context);
    for (Proposal proposal : proposals) {
      List<String> violations = validator.check(proposal);
      if (!violations.isEmpty()) {
        throw new AssertionError(algorithm.name() + " proposed an invalid match " + proposal + ": "
            + violations);
      }
    }
    return proposals;
  }

  static List<Proposal> propose(MatchmakingAlgorithm algorithm, List<QueueEntry> queue,
      Instant now) {
    return propose(algorithm, queue, now, MatchFormat.defaults(), Ratings.constant(1500),
        RegionPolicy.none());
  }

  /** Ratings built up entry by entry. */
  static final class RatingTable {
    private final Map<UserId, Double> ratings = new HashMap<>();

    RatingTable rate(QueueEntry entry, double rating) {
      for (Member member : entry.entity().members()) {
        ratings.put(member.id(), rating);
      }
      return this;
    }

    RatingTable rate(List<QueueEntry> entries, double rating) {
      entries.forEach(e -> rate(e, rating));
      return this;
    }

    RatingTable rate(Member member, double rating) {
      ratings.put(member.id(), rating);
      return this;
    }

    Ratings ratings() {
      return Ratings.of(ratings, 1500);
    }
  }
}
