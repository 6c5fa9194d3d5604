package org.relva.matchmaking.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpenSkillOptionsTest {

  @Test
  @DisplayName("the defaults are openskill's")
  void defaults() {
    OpenSkillOptions options = OpenSkillOptions.defaults();
    assertThat(options.mu()).isEqualTo(25);
    assertThat(options.sigma()).isEqualTo(25.0 / 3);
    assertThat(options.beta()).isEqualTo(25.0 / 6);
    assertThat(options.kappa()).isEqualTo(0.0001);
    assertThat(options.tau()).isEqualTo(25.0 / 300);
    assertThat(options.z()).isEqualTo(3);
    assertThat(options.limitSigma()).isFalse();
    assertThat(options.drawMargin()).isEqualTo(0.1);
    assertThat(RatingSystem.openSkill().initial()).isEqualTo(new Rating(25, 25.0 / 3));
  }

  @Test
  @DisplayName("scaled derives beta and tau from sigma")
  void scaled() {
    OpenSkillOptions options = OpenSkillOptions.scaled(1500, 500);
    assertThat(options.beta()).isEqualTo(250);
    assertThat(options.tau()).isEqualTo(5);
    assertThat(RatingSystem.openSkill(options).initial()).isEqualTo(new Rating(1500, 500));
  }

  @Test
  @DisplayName("each with... changes one setting")
  void withers() {
    OpenSkillOptions options = OpenSkillOptions.defaults().withBeta(2).withKappa(0.01).withTau(0)
        .withZ(2).withLimitSigma(true).withDrawMargin(0.5);
    assertThat(options).isEqualTo(
        new OpenSkillOptions(25, 25.0 / 3, 2, 0.01, 0, 2, true, 0.5));
  }

  @Test
  @DisplayName("a bad setting is named in the message")
  void validation() {
    OpenSkillOptions d = OpenSkillOptions.defaults();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new OpenSkillOptions(Double.NaN, 1, 1, 0.1, 0, 3, false, 0.1))
        .withMessage("mu must be finite, got NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new OpenSkillOptions(25, 0, 1, 0.1, 0, 3, false, 0.1))
        .withMessage("sigma must be finite and positive, got 0.0");
    assertThatIllegalArgumentException().isThrownBy(() -> d.withBeta(-1))
        .withMessage("beta must be finite and positive, got -1.0");
    assertThatIllegalArgumentException().isThrownBy(() -> d.withKappa(0))
        .withMessage("kappa must be between 0 and 1 (exclusive), got 0.0");
    assertThatIllegalArgumentException().isThrownBy(() -> d.withKappa(1))
        .withMessage("kappa must be between 0 and 1 (exclusive), got 1.0");
    assertThatIllegalArgumentException().isThrownBy(() -> d.withTau(-0.1))
        .withMessage("tau must be finite and not negative, got -0.1");
    assertThatIllegalArgumentException().isThrownBy(() -> d.withZ(Double.POSITIVE_INFINITY))
        .withMessage("z must be finite and not negative, got Infinity");
    assertThatIllegalArgumentException().isThrownBy(() -> d.withDrawMargin(0))
        .withMessage("drawMargin must be finite and positive, got 0.0");
  }

  @Test
  void names() {
    assertThat(RatingSystem.openSkill().name()).isEqualTo("openskill-plackett-luce");
    assertThat(RatingSystem.openSkillThurstoneMosteller().name())
        .isEqualTo("openskill-thurstone-mosteller");
    assertThat(RatingSystem.openSkill().toString()).startsWith("openskill-plackett-luce");
  }
}
