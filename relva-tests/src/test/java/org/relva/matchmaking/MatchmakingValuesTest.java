package org.relva.matchmaking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;
import org.relva.core.model.UserId;
import org.relva.matchmaking.testing.Entries;

class MatchmakingValuesTest {

  @Nested
  class Format {
    @Test
    void defaults_areFiveASide() {
      assertThat(MatchFormat.defaults()).isEqualTo(MatchFormat.of(2, 5));
      assertThat(MatchFormat.defaults().players()).isEqualTo(10);
      assertThat(MatchFormat.defaults()).hasToString("5v5");
      assertThat(MatchFormat.of(3, 4)).hasToString("3x4");
    }

    @Test
    void badValues_nameTheSetting() {
      assertThatThrownBy(() -> MatchFormat.of(1, 5)).hasMessageContaining("matchmaking.format.teams");
      assertThatThrownBy(() -> MatchFormat.of(2, 0))
          .hasMessageContaining("matchmaking.format.teamSize");
      assertThatThrownBy(() -> MatchFormat.of(5, 9)).hasMessageContaining("at most 40");
    }

    @Test
    @DisplayName("a party larger than the team size does not fit")
    void fits_partyLargerThanTeam() {
      Entries entries = new Entries();
      assertThat(MatchFormat.of(2, 3).fits(entries.party("eu", 3).entity())).isTrue();
      assertThat(MatchFormat.of(2, 3).fits(entries.party("eu", 4).entity())).isFalse();
      assertThat(MatchFormat.of(2, 5).fits(entries.party("eu", 5).entity())).isTrue();
    }
  }

  @Nested
  class Regions_ {
    @Test
    void link_worksBothWaysAfterItsWait() {
      RegionPolicy policy = RegionPolicy.none().withLink("us-w", "us-e", Duration.ofMinutes(3));
      Region east = Region.of("us-e");
      Region west = Region.of("us-w");
      assertThat(policy.accepts(west, east, Duration.ofMinutes(2))).isFalse();
      assertThat(policy.accepts(west, east, Duration.ofMinutes(3))).isTrue();
      assertThat(policy.accepts(east, west, Duration.ofMinutes(3))).isTrue();
      assertThat(policy.accepts(east, east, Duration.ZERO)).isTrue();
      assertThat(policy.accepts(east, Region.of("eu"), Duration.ofDays(1))).isFalse();
      assertThat(policy.neighbours(east)).containsExactly(west);
      assertThat(policy.links()).containsExactly(
          new RegionPolicy.Link(east, west, Duration.ofMinutes(3)));
    }

    @Test
    void linksDoNotChain() {
      RegionPolicy policy = RegionPolicy.none()
          .withLink("us-e", "us-w", Duration.ZERO)
          .withLink("us-w", "eu", Duration.ZERO);
      assertThat(policy.accepts(Region.of("us-e"), Region.of("eu"), Duration.ofDays(1))).isFalse();
    }

    @Test
    void badLinks_areRefused() {
      assertThatThrownBy(() -> RegionPolicy.none().withLink("eu", "eu", Duration.ZERO))
          .hasMessageContaining("cannot link to itself");
      assertThatThrownBy(() -> RegionPolicy.none().withLink("eu", "us-e", Duration.ofSeconds(-1)))
          .hasMessageContaining("negative");
      RegionPolicy once = RegionPolicy.none().withLink("eu", "us-e", Duration.ZERO);
      assertThatThrownBy(() -> once.withLink("us-e", "eu", Duration.ofMinutes(1)))
          .hasMessageContaining("twice");
    }
  }

  @Nested
  class Window {
    @Test
    void defaults_widenThroughTheirSteps() {
      RatingWindow window = RatingWindow.defaults();
      assertThat(window.width(Duration.ZERO)).isEqualTo(100);
      assertThat(window.width(Duration.ofSeconds(29))).isEqualTo(100);
      assertThat(window.width(Duration.ofSeconds(30))).isEqualTo(200);
      assertThat(window.width(Duration.ofSeconds(119))).isEqualTo(200);
      assertThat(window.width(Duration.ofSeconds(120))).isInfinite();
    }

    @Test
    void badSteps_areRefused() {
      assertThatThrownBy(() -> RatingWindow.of(RatingWindow.step(Duration.ofSeconds(1), 100)))
          .hasMessageContaining("start at 0 s");
      assertThatThrownBy(() -> RatingWindow.of(RatingWindow.step(Duration.ZERO, 200),
          RatingWindow.step(Duration.ofSeconds(5), 100))).hasMessageContaining("never narrows");
      assertThatThrownBy(() -> RatingWindow.of(RatingWindow.step(Duration.ZERO, 100),
          RatingWindow.step(Duration.ZERO, 200))).hasMessageContaining("increasing order");
      assertThatThrownBy(() -> RatingWindow.step(Duration.ZERO, -1)).hasMessageContaining("zero or more");
      assertThatThrownBy(RatingWindow::of).hasMessageContaining("at least one step");
    }
  }

  @Nested
  class Config {
    @Test
    void defaults_areBalancedFiveASide() {
      MatchmakingConfig config = MatchmakingConfig.defaults();
      assertThat(config.algorithm()).isEqualTo("balanced");
      assertThat(config.format()).isEqualTo(MatchFormat.defaults());
      assertThat(config.regionPolicy()).isEqualTo(RegionPolicy.none());
      assertThat(config.premadeRelaxAfter()).isEqualTo(Duration.ofSeconds(90));
      assertThat(config.withAlgorithm("fifo").algorithm()).isEqualTo("fifo");
    }

    @Test
    void validate_refusesALinkToAnUnconfiguredRegion() {
      MatchmakingConfig config = MatchmakingConfig.defaults()
          .withRegionPolicy(RegionPolicy.none().withLink("us-e", "ap", Duration.ZERO));
      assertThatThrownBy(() -> config.validate(Regions.of("us-e", "us-w")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("matchmaking.regionPolicy")
          .hasMessageContaining("'ap'")
          .hasMessageContaining("us-e, us-w");
      assertThat(config.validate(Regions.of("us-e", "ap"))).isSameAs(config);
    }

    @Test
    void badValues_nameTheSetting() {
      assertThatThrownBy(() -> MatchmakingConfig.defaults().withTickPeriod(Duration.ZERO))
          .hasMessageContaining("matchmaking.tickPeriod");
      assertThatThrownBy(() -> MatchmakingConfig.defaults().withAlgorithm(" "))
          .hasMessageContaining("matchmaking.algorithm");
      assertThatThrownBy(() -> MatchmakingConfig.defaults().withPremadeRelaxAfter(Duration.ofSeconds(-1)))
          .hasMessageContaining("matchmaking.premadeRelaxAfter");
    }
  }

  @Nested
  class Ratings_ {
    @Test
    void anEntitysRating_isTheMeanOfItsMembers() {
      Entries entries = new Entries();
      var party = entries.party("eu", 2).entity();
      Ratings ratings = Ratings.of(Map.of(party.members().get(0).id(), 1000.0), 2000);
      assertThat(ratings.rating(party)).isEqualTo(1500);
      assertThat(ratings.rating(UserId.of("stranger"))).isEqualTo(2000);
      assertThat(Ratings.constant(1234).rating(party)).isEqualTo(1234);
    }

    @Test
    void nonFiniteRatings_areRefused() {
      assertThatThrownBy(() -> Ratings.constant(Double.NaN)).hasMessageContaining("finite");
      assertThatThrownBy(() -> Ratings.of(Map.of(UserId.of("a"), Double.POSITIVE_INFINITY), 0))
          .hasMessageContaining("finite");
    }
  }
}
