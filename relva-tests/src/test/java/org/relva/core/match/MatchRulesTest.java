package org.relva.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.relva.core.MatchRules;
import org.relva.core.RelvaConfig;

/** The match rules' defaults, their copies, and the settings they refuse. */
class MatchRulesTest {

  @Test
  void defaults_areTheIssuesOnes() {
    MatchRules rules = MatchRules.defaults();

    assertThat(rules.readyCheck()).as("ready check on by default").isTrue();
    assertThat(rules.readyTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(rules.dodgeCooldown()).as("no dodge penalty by default").isZero();
    assertThat(rules.blockQueueWhileInMatch()).isTrue();
    assertThat(rules.resultExpiry()).isEqualTo(Duration.ofHours(3));
    assertThat(rules.allowDraws()).isTrue();
    assertThat(RelvaConfig.defaults().matches()).isEqualTo(rules);
  }

  @Test
  void withers_changeOnlyTheirSetting() {
    MatchRules d = MatchRules.defaults();

    assertThat(d.withReadyCheck(false)).isEqualTo(new MatchRules(false, d.readyTimeout(),
        d.dodgeCooldown(), d.blockQueueWhileInMatch(), d.resultExpiry(), d.allowDraws()));
    assertThat(d.withReadyTimeout(Duration.ofSeconds(45)).readyTimeout())
        .isEqualTo(Duration.ofSeconds(45));
    assertThat(d.withDodgeCooldown(Duration.ofMinutes(5)).dodgeCooldown())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(d.withBlockQueueWhileInMatch(false).blockQueueWhileInMatch()).isFalse();
    assertThat(d.withResultExpiry(Duration.ofHours(1)).resultExpiry())
        .isEqualTo(Duration.ofHours(1));
    assertThat(d.withAllowDraws(false).allowDraws()).isFalse();
    assertThat(d.withAllowDraws(false).withAllowDraws(true)).isEqualTo(d);
  }

  @Test
  void badSettings_failNamingTheSetting() {
    MatchRules d = MatchRules.defaults();

    assertThatIllegalArgumentException().isThrownBy(() -> d.withReadyTimeout(Duration.ofSeconds(4)))
        .withMessageContaining("match.readyTimeout");
    assertThatIllegalArgumentException().isThrownBy(() -> d.withReadyTimeout(Duration.ofMinutes(11)))
        .withMessageContaining("match.readyTimeout");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> d.withDodgeCooldown(Duration.ofSeconds(-1)))
        .withMessageContaining("match.dodgeCooldown");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> d.withResultExpiry(Duration.ofSeconds(59)))
        .withMessageContaining("match.resultExpiry");
  }
}
