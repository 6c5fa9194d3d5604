package org.relva.core.model;

import org.jspecify.annotations.Nullable;

/** Shared checks for the domain's string tokens. */
final class Validation {
  private Validation() {}

  /**
   * Whether {@code s} is 1 to {@code max} characters with no white space of any kind (including
   * no-break spaces), no control characters and no invisible format characters (such as the
   * zero-width space).
   */
  static boolean isToken(@Nullable String s, int max) {
    if (s == null || s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
          || Character.getType(c) == Character.FORMAT) {
        return false;
      }
    }
    return true;
  }
}
