package org.relva.matchmaking.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.model.UserId;
import org.relva.matchmaking.rating.Rating;

class PlayerRecordTest {
  private static final Rating RATING = new Rating(25, 8);
  private static final Optional<Instant> AT = Optional.of(Instant.parse("2026-01-01T00:00:00Z"));
  private static final Optional<String> MATCH = Optional.of("Mabcdefgh");

  @Test
  @DisplayName("counts are never negative")
  void negativeCounts_areRefused() {
    assertThatThrownBy(() -> new PlayerRecord(RATING, 0, -1, 1, 0, 0, AT, MATCH))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never negative");
  }

  @Test
  @DisplayName("games must be wins + losses + draws")
  void gamesMustAddUp() {
    assertThatThrownBy(() -> new PlayerRecord(RATING, 3, 1, 1, 0, 0, AT, MATCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("games (3) must be wins + losses + draws (1 + 1 + 0)");
  }

  @Test
  @DisplayName("a streak needs as many wins or losses")
  void streakMustFit() {
    assertThatThrownBy(() -> new PlayerRecord(RATING, 2, 1, 1, 0, 2, AT, MATCH))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streak of 2");
    assertThatThrownBy(() -> new PlayerRecord(RATING, 2, 2, 0, 0, -1, AT, MATCH))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("losses");
    assertThat(new PlayerRecord(RATING, 2, 1, 1, 0, -1, AT, MATCH).streak()).isEqualTo(-1);
  }

  @Test
  @DisplayName("the last match and its time are there exactly when games have been played")
  void lastPlayed_presentWithGames() {
    assertThatThrownBy(() -> new PlayerRecord(RATING, 1, 1, 0, 0, 1, Optional.empty(), MATCH))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lastPlayed");
    assertThatThrownBy(() -> new PlayerRecord(RATING, 0, 0, 0, 0, 0, AT, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PlayerRecord(RATING, 1, 1, 0, 0, 1, AT, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("an unplayed record has nothing but its rating, and a score of 0")
  void unplayed() {
    PlayerRecord record = PlayerRecord.unplayed(RATING);
    assertThat(record).isEqualTo(
        new PlayerRecord(RATING, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty()));
    assertThat(record.score()).isZero();
  }

  @Test
  @DisplayName("results move the counts, the streak and the last match")
  void after_eachPlacing() {
    Instant at = AT.orElseThrow();
    PlayerRecord record = PlayerRecord.unplayed(RATING)
        .after(PlayerRecord.Placing.WON, new Rating(26, 7), "M1", at)
        .after(PlayerRecord.Placing.WON, new Rating(27, 6), "M2", at)
        .after(PlayerRecord.Placing.LOST, new Rating(26, 6), "M3", at)
        .after(PlayerRecord.Placing.DREW, new Rating(26, 5), "M4", at.plusSeconds(60));
    assertThat(record).isEqualTo(new PlayerRecord(new Rating(26, 5), 4, 2, 1, 1, 0,
        Optional.of(at.plusSeconds(60)), Optional.of("M4")));
    assertThat(record.score()).isEqualTo(0.625);
  }

  @Test
  @DisplayName("stats refuse a non-finite ordinal or matchmaking rating")
  void stats_validate() {
    PlayerRecord record = PlayerRecord.unplayed(RATING);
    UserId user = UserId.of("1");
    assertThatThrownBy(() -> new PlayerStats(user, Optional.empty(), record, Double.NaN, 1500))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ordinal");
    assertThatThrownBy(() -> new PlayerStats(user, Optional.empty(), record, 1,
        Double.NEGATIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matchmaking rating");
    assertThat(new PlayerStats(user, Optional.empty(), record, 1, 1500).games()).isZero();
  }
}
