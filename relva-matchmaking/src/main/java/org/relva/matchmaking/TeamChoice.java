package org.relva.matchmaking;

import java.util.Locale;

/**
 * How the players a match is made of are split into its teams, whichever algorithm chose them:
 * the {@link MatchmakingConfig#teams()} setting.
 *
 * <p>Either way parties stay whole and every team is full; only who plays with whom differs.
 */
public enum TeamChoice {
  /**
   * The algorithm's own teams: for {@code balanced}, the exact split with the smallest gap in mean
   * rating; for {@code fifo}, any valid split. The default.
   */
  BALANCED,
  /**
   * Teams drawn at random by the {@link QueueDaemon} from the daemon's random source (see
   * {@link QueueDaemon.Builder#random}), so that the same source gives the same teams. Every
   * split that keeps parties whole has a chance, though not an equal one.
   */
  RANDOM;

  /** The name operators write: {@code balanced} or {@code random}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The choice labelled {@code label}.
   *
   * @throws IllegalArgumentException if there is none; the message lists the labels
   */
  public static TeamChoice of(String label) {
    for (TeamChoice choice : values()) {
      if (choice.label().equals(label)) {
        return choice;
      }
    }
    throw new IllegalArgumentException("matchmaking.teams: no team choice is named '" + label
        + "'; known: balanced, random");
  }

  @Override
  public String toString() {
    return label();
  }
}
