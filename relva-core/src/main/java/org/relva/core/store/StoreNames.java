package org.relva.core.store;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a store that exists once per ladder or per queue is named in a journal: the base name, an
 * {@code @}, and the qualifier, such as {@code ratings@2v2}. The unqualified base name
 * ({@code ratings}) stays the default ladder's or queue's, so a database written before there
 * were several keeps loading unchanged. A journal that checks store names (relva-store's) accepts
 * a qualified name exactly when it knows the base as one that may be qualified.
 *
 * <p>Why names and not a wider key: each ladder's rated matches keep their own commit order
 * ({@link StateJournal#newest}), which a correction's replay walks, and each is loaded or read
 * alone, without reading the other ladders' rows.
 *
 * <p>This class holds no state and is thread-safe.
 */
public final class StoreNames {
  /** Between the base name and the qualifier. */
  public static final char SEPARATOR = '@';
  /** A qualifier's format, the same as a queue's name: {@code [a-z0-9-]{1,32}}. */
  public static final Pattern QUALIFIER = Pattern.compile("[a-z0-9-]{1,32}");

  private StoreNames() {}

  /**
   * The store {@code base} of {@code qualifier}: {@code base} itself when the qualifier is
   * {@code default} (the default ladder's or queue's, as before there were several),
   * {@code base@qualifier} otherwise.
   *
   * @throws IllegalArgumentException if {@code base} is blank or holds the separator, or
   *     {@code qualifier} is not 1 to 32 lowercase letters, digits or {@code -}
   */
  public static String qualified(String base, String qualifier) {
    requireNonNull(base, "base");
    requireNonNull(qualifier, "qualifier");
    checkArgument(!base.isBlank() && base.indexOf(SEPARATOR) < 0,
        "a store's base name is not blank and holds no '%s', got '%s'", SEPARATOR, base);
    checkArgument(QUALIFIER.matcher(qualifier).matches(),
        "a ladder's or queue's name is 1 to 32 lowercase letters, digits or '-', got '%s'",
        qualifier);
    return qualifier.equals("default") ? base : base + SEPARATOR + qualifier;
  }

  /**
   * The base of a qualified store name ({@code ratings} of {@code ratings@2v2}); empty if
   * {@code name} is not one (no separator, or a malformed qualifier).
   */
  public static Optional<String> baseOf(String name) {
    int at = requireNonNull(name, "name").indexOf(SEPARATOR);
    if (at <= 0) {
      return Optional.empty();
    }
    String qualifier = name.substring(at + 1);
    if (!QUALIFIER.matcher(qualifier).matches() || qualifier.equals("default")) {
      return Optional.empty();
    }
    return Optional.of(name.substring(0, at));
  }
}
