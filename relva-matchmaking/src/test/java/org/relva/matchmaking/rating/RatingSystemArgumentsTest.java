package org.relva.matchmaking.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.relva.matchmaking.rating.Expect.r;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every rating system does with bad arguments, and that it leaves good ones alone. */
class RatingSystemArgumentsTest {

  static Stream<RatingSystem> systems() {
    return Stream.of(RatingSystem.openSkill(), RatingSystem.openSkillThurstoneMosteller(),
        RatingSystem.elo());
  }

  private static final Rating A = r(25, 8);

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("rate: fewer than two teams")
  void rate_oneTeam(RatingSystem system) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> system.rate(List.of(List.of(A)), new int[] {1}))
        .withMessage("a match needs at least 2 teams, got 1");
    assertThatIllegalArgumentException().isThrownBy(() -> system.rate(List.of(), new int[0]))
        .withMessage("a match needs at least 2 teams, got 0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("rate: an empty team")
  void rate_emptyTeam(RatingSystem system) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> system.rate(List.of(List.of(A), List.of()), new int[] {1, 2}))
        .withMessage("the team at index 1 has no players");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("rate: ranks and teams of different lengths")
  void rate_wrongRankCount(RatingSystem system) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> system.rate(List.of(List.of(A), List.of(A)), new int[] {1, 2, 3}))
        .withMessage("got 3 ranks for 2 teams: give one rank per team");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("rate and quality: nulls are reported with where they are")
  void nulls(RatingSystem system) {
    List<Rating> withNull = Arrays.asList(A, null);
    List<List<Rating>> teams = List.of(List.of(A), withNull);
    assertThatNullPointerException().isThrownBy(() -> system.rate(teams, new int[] {1, 2}))
        .withMessage("the rating at index 1 of the team at index 1 is null");
    assertThatNullPointerException().isThrownBy(() -> system.quality(teams))
        .withMessage("the rating at index 1 of the team at index 1 is null");
    List<List<Rating>> nullTeam = new ArrayList<>();
    nullTeam.add(List.of(A));
    nullTeam.add(null);
    assertThatNullPointerException().isThrownBy(() -> system.quality(nullTeam))
        .withMessage("the team at index 1 is null");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("quality: fewer than two teams, or an empty one")
  void quality_badTeams(RatingSystem system) {
    assertThatIllegalArgumentException().isThrownBy(() -> system.quality(List.of(List.of(A))))
        .withMessage("a match needs at least 2 teams, got 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> system.quality(List.of(List.of(), List.of(A))))
        .withMessage("the team at index 0 has no players");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("rate: the arguments are untouched and the result is immutable, in their shape")
  void rate_shape(RatingSystem system) {
    List<List<Rating>> teams = List.of(List.of(A, r(20, 5), r(30, 2)), List.of(r(22, 4)));
    int[] ranks = {2, 1};
    List<List<Rating>> result = system.rate(teams, ranks);
    assertThat(ranks).containsExactly(2, 1);
    assertThat(result).hasSize(2);
    assertThat(result.get(0)).hasSize(3);
    assertThat(result.get(1)).hasSize(1);
    assertThatThrownBy(() -> result.get(0).set(0, A))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> result.remove(0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("systems")
  @DisplayName("only the order of the ranks matters")
  void rate_rankValuesFree(RatingSystem system) {
    List<List<Rating>> teams = List.of(List.of(A), List.of(r(20, 5)), List.of(r(30, 2)));
    assertThat(system.rate(teams, new int[] {-7, 40, 3}))
        .isEqualTo(system.rate(teams, new int[] {1, 3, 2}));
  }
}
