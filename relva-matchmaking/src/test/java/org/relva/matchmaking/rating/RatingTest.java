package org.relva.matchmaking.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RatingTest {

  @Test
  @DisplayName("the ordinal is mu - 3 sigma by default")
  void ordinal_default() {
    Rating rating = new Rating(25, 25.0 / 3);
    assertThat(rating.ordinal()).isEqualTo(0);
    assertThat(rating.ordinal(2)).isEqualTo(25 - 50.0 / 3);
    assertThat(RatingSystem.openSkill().ordinal(rating)).isEqualTo(rating.ordinal());
    assertThat(RatingSystem.openSkill(OpenSkillOptions.defaults().withZ(0)).ordinal(rating))
        .isEqualTo(25);
  }

  @Test
  void mu_mustBeFinite() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Rating(Double.NaN, 1))
        .withMessage("mu must be finite, got NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> new Rating(Double.POSITIVE_INFINITY, 1))
        .withMessage("mu must be finite, got Infinity");
  }

  @Test
  void sigma_mustBePositive() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Rating(25, 0))
        .withMessage("sigma must be finite and positive, got 0.0");
    assertThatIllegalArgumentException().isThrownBy(() -> new Rating(25, -1))
        .withMessage("sigma must be finite and positive, got -1.0");
    assertThatIllegalArgumentException().isThrownBy(() -> new Rating(25, Double.NaN))
        .withMessage("sigma must be finite and positive, got NaN");
  }

  @Test
  void ordinal_zMustNotBeNegative() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Rating(25, 1).ordinal(-1))
        .withMessage("z must be finite and not negative, got -1.0");
  }

  @Test
  void value_based() {
    assertThat(new Rating(25, 3)).isEqualTo(new Rating(25, 3)).hasSameHashCodeAs(new Rating(25, 3));
  }
}
