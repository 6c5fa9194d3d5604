package org.relva.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Region} and {@link Regions}. */
class RegionTest {

  @ParameterizedTest
  @ValueSource(strings = {"us-e", "eu", "a", "ap-south-2", "abcdefghijklmnop"})
  void region_acceptsLowerCaseCodes(String code) {
    assertThat(Region.of(code)).hasToString(code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "US-E", "us_e", "us e", "-eu", "eu-", "abcdefghijklmnopq", "é"})
  void region_rejectsOtherSpellings(String code) {
    assertThatThrownBy(() -> Region.of(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a region code is 1 to 16 lower-case letters");
  }

  @Test
  void region_rejectsNull() {
    assertThatThrownBy(() -> new Region(TokensTest.nullValue()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void regions_theFirstIsTheDefault() {
    Regions regions = Regions.of("us-e", "us-w", "eu");

    assertThat(regions.defaultRegion()).isEqualTo(Region.of("us-e"));
    assertThat(regions.all()).containsExactly(Region.of("us-e"), Region.of("us-w"),
        Region.of("eu"));
    assertThat(regions.describe()).isEqualTo("us-e, us-w, eu");
    assertThat(regions.contains(Region.of("eu"))).isTrue();
    assertThat(regions.contains(Region.of("asia"))).isFalse();
  }

  @Test
  void regions_ofACollection_theFirstIsTheDefault() {
    Regions regions = Regions.of(List.of(Region.of("eu"), Region.of("us-e")));

    assertThat(regions.defaultRegion()).isEqualTo(Region.of("eu"));
    assertThat(regions.describe()).isEqualTo("eu, us-e");
  }

  @ParameterizedTest
  @ValueSource(strings = {"us-w", "US-W", "Us-W", "  us-w ", "\tUS-W\n"})
  void regions_findIgnoresCaseAndSurroundingSpaces(String input) {
    assertThat(Regions.of("us-e", "us-w", "eu").find(input)).contains(Region.of("us-w"));
  }

  @Test
  @DisplayName("find does not depend on the default locale (the tests run under tr)")
  void regions_findIsIndependentOfTheDefaultLocale() {
    // Under the tr locale the surefire run uses, "I".toLowerCase() is a dotless ı.
    Regions regions = Regions.of("iad", "lim");

    assertThat(regions.find("IAD")).contains(Region.of("iad"));
    assertThat(regions.find("LIM")).contains(Region.of("lim"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"asia", "", "   ", "us", "us-e-1", "eu!"})
  void regions_findOfAnUnknownRegionIsEmpty(String input) {
    assertThat(Regions.of("us-e", "us-w", "eu").find(input)).isEmpty();
  }

  @Test
  void regions_mustNotBeEmpty() {
    assertThatThrownBy(() -> Regions.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one region");
    assertThatThrownBy(() -> new Regions(ImmutableSet.of(), Region.of("eu")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one region");
  }

  @Test
  void regions_theDefaultMustBeConfigured() {
    assertThatThrownBy(() -> new Regions(ImmutableSet.of(Region.of("eu")), Region.of("us-e")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the default region us-e is not one of the configured regions");
  }

  @Test
  void regions_duplicatesCollapse() {
    assertThat(Regions.of("eu", "eu", "us-e").all()).hasSize(2);
  }

  @Test
  void regions_rejectsABadlySpelledCode() {
    assertThatThrownBy(() -> Regions.of("us-e", "US-W"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
