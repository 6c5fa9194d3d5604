package org.relva.core.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The code a player types to join a party, such as {@code HX7K-3MQD}.
 *
 * <p>A code is {@value #LENGTH} characters from a 31-symbol alphabet of upper-case letters and
 * digits without the look-alikes {@code 0 O 1 I L}, so it reads aloud and types without confusion.
 * That is {@value #LENGTH} &times; log2(31) &asymp; 39.6 bits of entropy: about 8.5 &times;
 * 10<sup>11</sup> codes. With 1,000 live parties a single guess hits one with probability about 1
 * in 850 million, and the core allows each user only a few wrong guesses a minute, so guessing is
 * hopeless. Input is accepted case-insensitively, with or without the hyphen and spaces.
 *
 * @param value the {@value #LENGTH} canonical (upper-case, unhyphenated) characters
 */
public record JoinCode(String value) {
  /** The symbols a code is drawn from. */
  public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  /** The number of symbols in a code. */
  public static final int LENGTH = 8;
  /** The entropy of a random code, in bits. */
  public static final double ENTROPY_BITS = LENGTH * (Math.log(ALPHABET.length()) / Math.log(2));

  public JoinCode {
    checkArgument(value != null && value.length() == LENGTH && isCanonical(value),
        "a join code is %s characters of %s, got '%s'", LENGTH, ALPHABET, value);
  }

  /** A fresh random code drawn from {@code random}, which should be cryptographically strong. */
  public static JoinCode random(RandomGenerator random) {
    char[] chars = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return new JoinCode(new String(chars));
  }

  /**
   * The code a user typed, normalised: case is ignored, as are spaces and hyphens. Empty when the
   * input cannot be a code at all.
   */
  public static Optional<JoinCode> parse(String input) {
    String canonical = input.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
    if (canonical.length() != LENGTH || !isCanonical(canonical)) {
      return Optional.empty();
    }
    return Optional.of(new JoinCode(canonical));
  }

  private static boolean isCanonical(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (ALPHABET.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The code as shown to people: two groups of four, {@code HX7K-3MQD}. */
  public String display() {
    return value.substring(0, LENGTH / 2) + "-" + value.substring(LENGTH / 2);
  }

  @Override
  public String toString() {
    return display();
  }
}
