package org.relva.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JoinCode}: its alphabet, parsing, display and entropy. */
class JoinCodeTest {

  @Test
  void alphabet_is31UpperCaseLettersAndDigits_withoutLookAlikes() {
    assertThat(JoinCode.ALPHABET).hasSize(31).matches("[A-Z2-9]+");
    assertThat(JoinCode.ALPHABET).doesNotContain("0", "O", "1", "I", "L");
    assertThat(JoinCode.ALPHABET.chars().distinct().count()).isEqualTo(31);
  }

  @Test
  @DisplayName("a code carries 8 x log2(31), about 39.6 bits")
  void entropy_isAbout39Point6Bits() {
    assertThat(JoinCode.LENGTH).isEqualTo(8);
    assertThat(JoinCode.ENTROPY_BITS).isCloseTo(39.6, within(0.05));
    assertThat(Math.pow(2, JoinCode.ENTROPY_BITS)).isCloseTo(Math.pow(31, 8), within(1e3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"HX7K-3MQD", "HX7K3MQD", "hx7k-3mqd", "hx7k3mqd", "Hx7k-3mQd",
      " hx7k 3mqd ", "HX7K - 3MQD"})
  void parse_ignoresCaseHyphensAndSpaces(String input) {
    JoinCode code = JoinCode.parse(input).orElseThrow();

    assertThat(code.value()).isEqualTo("HX7K3MQD");
    assertThat(code).isEqualTo(new JoinCode("HX7K3MQD"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "HX7K-3MQ", "HX7K-3MQDD", "HX7K-3MQ0", "HX7K-3MQO", "HX7K-3MQ1",
      "HX7K-3MQI", "HX7K-3MQL", "hx7k-3mql", "HX7K_3MQD", "HX7K-3MQ!", "let me in"})
  void parse_isEmptyForWhatCannotBeACode(String input) {
    assertThat(JoinCode.parse(input)).isEmpty();
  }

  @Test
  @DisplayName("parse does not depend on the default locale (the tests run under tr)")
  void parse_isLocaleIndependent() {
    // Upper-casing "i" under tr gives a dotted İ; codes have no I, but must not break either.
    assertThat(JoinCode.parse("abcd-efgh")).map(JoinCode::value).contains("ABCDEFGH");
    assertThat(JoinCode.parse("ijkm-npqr")).isEmpty();
  }

  @Test
  void display_isTwoGroupsOfFour() {
    JoinCode code = new JoinCode("HX7K3MQD");

    assertThat(code.display()).isEqualTo("HX7K-3MQD");
    assertThat(code).hasToString("HX7K-3MQD");
    assertThat(JoinCode.parse(code.display())).contains(code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hx7k3mqd", "HX7K-3MQD", "HX7K3MQ", "HX7K3MQ0", ""})
  void constructor_acceptsOnlyTheCanonicalForm(String value) {
    assertThatThrownBy(() -> new JoinCode(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a join code is 8 characters of " + JoinCode.ALPHABET);
  }

  @Test
  void constructor_rejectsNull() {
    assertThatThrownBy(() -> new JoinCode(TokensTest.nullValue()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void random_drawsValidCodesFromTheWholeAlphabet() {
    SplittableRandom random = new SplittableRandom(11L);
    Set<Character> seen = new HashSet<>();
    Set<JoinCode> codes = new HashSet<>();

    for (int i = 0; i < 500; i++) {
      JoinCode code = JoinCode.random(random);
      codes.add(code);
      assertThat(JoinCode.parse(code.display())).contains(code);
      for (char c : code.value().toCharArray()) {
        seen.add(c);
      }
    }

    assertThat(codes).hasSize(500);
    assertThat(seen).hasSize(JoinCode.ALPHABET.length());
  }
}
