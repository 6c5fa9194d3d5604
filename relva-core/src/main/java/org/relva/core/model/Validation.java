package org.relva.core.model;

/** Shared checks for the domain's string tokens. */
final class Validation {
  private Validation() {}

  /** Whether {@code s} is 1 to {@code max} characters of printable, non-space ASCII or letters. */
  static boolean isToken(String s, int max) {
    if (s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }
}
