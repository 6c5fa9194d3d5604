package org.relva.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The opaque tokens of the domain: {@link UserId}, {@link ChannelId}, {@link EntityId} and
 * {@link Member}.
 */
class TokensTest {

  @Nested
  @DisplayName("UserId")
  class UserIds {

    @ParameterizedTest
    @ValueSource(strings = {"123456789012345678", "x", "user:42", "ünïcode"})
    void userId_acceptsPrintableTokens(String value) {
      assertThat(UserId.of(value).value()).isEqualTo(value);
      assertThat(UserId.of(value)).hasToString(value);
    }

    @Test
    void userId_acceptsUpTo64Characters() {
      assertThat(UserId.of("1".repeat(64)).value()).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "tab\there", "line\nbreak", "bell\u0007"})
    void userId_rejectsBlankSpacedAndControlCharacters(String value) {
      assertThatThrownBy(() -> UserId.of(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a user id is 1 to 64 printable characters");
    }

    @Test
    void userId_rejects65Characters() {
      assertThatThrownBy(() -> UserId.of("1".repeat(65)))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void userId_rejectsNull() {
      assertThatThrownBy(() -> new UserId(nullValue()))
          .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    }

    @Test
    void userId_comparesByValue() {
      assertThat(UserId.of("1001")).isEqualTo(new UserId("1001"))
          .isNotEqualTo(UserId.of("1002"))
          .isLessThan(UserId.of("1002"));
    }
  }

  @Nested
  @DisplayName("ChannelId")
  class ChannelIds {

    @Test
    void channelId_acceptsTokens() {
      assertThat(ChannelId.of("kiwipugs")).hasToString("kiwipugs");
      assertThat(ChannelId.of("9".repeat(64)).value()).hasSize(64);
      assertThat(ChannelId.of("kiwipugs")).isEqualTo(new ChannelId("kiwipugs"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "#kiwi pugs", "Party [K8d0wl5]"})
    void channelId_rejectsBlankAndSpaced(String value) {
      assertThatThrownBy(() -> ChannelId.of(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a channel id is 1 to 64 printable characters without spaces");
    }

    @Test
    void channelId_rejectsTooLongAndNull() {
      assertThatThrownBy(() -> ChannelId.of("9".repeat(65)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new ChannelId(nullValue()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  @DisplayName("user and channel ids say 'without spaces'")
  class InvisibleSpaces {
    // A no-break space, a narrow no-break space, a zero-width space and a word joiner: none is
    // Character.isWhitespace, so Validation.isToken lets them through.
    private final List<String> sneaky = List.of("a\u00A0b", "a\u202Fb", "a\u200Bb", "\u2060");

    @Test
    void userId_rejectsNoBreakAndZeroWidthSpaces() {
      assertThat(sneaky).allSatisfy(value ->
          assertThatThrownBy(() -> UserId.of(value)).isInstanceOf(IllegalArgumentException.class));
    }

    @Test
    void channelId_rejectsNoBreakAndZeroWidthSpaces() {
      assertThat(sneaky).allSatisfy(value ->
          assertThatThrownBy(() -> ChannelId.of(value))
              .isInstanceOf(IllegalArgumentException.class));
    }
  }

  @Nested
  @DisplayName("EntityId")
  class EntityIds {

    @ParameterizedTest
    @ValueSource(strings = {"K8d0wl5", "K7c01ud", "KAAAAAA", "K000000", "Kzzzzzz"})
    void entityId_isKAndSixLettersOrDigits(String value) {
      assertThat(EntityId.of(value)).hasToString(value);
      assertThat(EntityId.FORMAT.matcher(value).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "K", "k8d0wl5", "X8d0wl5", "K8d0wl", "K8d0wl55", "K8d0-l5",
        "K8d0 l5", "K8d0wé5", " K8d0wl5"})
    void entityId_rejectsOtherShapes(String value) {
      assertThatThrownBy(() -> EntityId.of(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("an id is K followed by 6 letters or digits");
    }

    @Test
    void entityId_rejectsNull() {
      assertThatThrownBy(() -> new EntityId(nullValue()))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entityId_isCaseSensitive() {
      assertThat(EntityId.of("K8d0wl5")).isNotEqualTo(EntityId.of("K8D0WL5"));
      assertThat(EntityId.of("KAAAAAA")).isLessThan(EntityId.of("Kaaaaaa"));
    }
  }

  @Nested
  @DisplayName("Member")
  class Members {

    @Test
    void member_stripsItsName() {
      Member member = Member.of("1001", "  Alice \t");

      assertThat(member.displayName()).isEqualTo("Alice");
      assertThat(member.id()).isEqualTo(UserId.of("1001"));
    }

    @Test
    void member_acceptsA100CharacterName() {
      assertThat(Member.of("1", "n".repeat(100)).displayName()).hasSize(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void member_rejectsABlankName(String name) {
      assertThatThrownBy(() -> Member.of("1001", name))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a display name is 1 to 100 characters");
    }

    @Test
    void member_rejectsA101CharacterName() {
      assertThatThrownBy(() -> Member.of("1001", "n".repeat(101)))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void member_rejectsNulls() {
      assertThatThrownBy(() -> new Member(nullValue(), "Alice"))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("id");
      assertThatThrownBy(() -> new Member(UserId.of("1"), nullValue()))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("displayName");
    }

    @Test
    void member_equalityComparesTheNameToo() {
      assertThat(Member.of("1001", "Alice")).isEqualTo(Member.of("1001", " Alice "));
      assertThat(Member.of("1001", "Alice")).isNotEqualTo(Member.of("1001", "Alicia"));
    }
  }

  static <T> T nullValue() {
    return null;
  }
}
