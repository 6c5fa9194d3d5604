package org.relva.core;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.relva.core.model.JoinCode;

/**
 * A rigged {@link RandomGenerator}: {@link #nextInt(int)} returns scripted values first, then
 * values from a seeded generator. The core draws every id and join code character with
 * {@code nextInt(bound)}, so a script decides which ids and codes come out.
 */
final class ScriptedRandom implements RandomGenerator {
  /** The alphabet of the characters after the {@code K} of an entity id, in the spec's order. */
  static final String ID_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final ArrayDeque<Integer> script = new ArrayDeque<>();
  private final SplittableRandom rest = new SplittableRandom(20240301L);

  /** Adds {@code value} to the script {@code times} times. */
  ScriptedRandom then(int value, int times) {
    for (int i = 0; i < times; i++) {
      script.addLast(value);
    }
    return this;
  }

  /** Scripts an entity id: {@code K} and six times the id alphabet's symbol {@code index}. */
  ScriptedRandom thenId(int index) {
    return then(index, 6);
  }

  /** Scripts a join code: eight times the code alphabet's symbol {@code index}. */
  ScriptedRandom thenCode(int index) {
    return then(index, 8);
  }

  /** Scripts the entity id {@code K} + {@code six}, drawn from the core's id alphabet. */
  ScriptedRandom thenId(String six) {
    return thenSymbols(ID_ALPHABET, six, 6);
  }

  /** Scripts the join code {@code eight}, in canonical form. */
  ScriptedRandom thenCode(String eight) {
    return thenSymbols(JoinCode.ALPHABET, eight, JoinCode.LENGTH);
  }

  private ScriptedRandom thenSymbols(String alphabet, String symbols, int length) {
    if (symbols.length() != length) {
      throw new IllegalArgumentException("expected " + length + " symbols, got " + symbols);
    }
    for (char c : symbols.toCharArray()) {
      int index = alphabet.indexOf(c);
      if (index < 0) {
        throw new IllegalArgumentException(c + " is not in " + alphabet);
      }
      script.addLast(index);
    }
    return this;
  }

  int remaining() {
    return script.size();
  }

  @Override
  public int nextInt(int bound) {
    Integer next = script.pollFirst();
    if (next == null) {
      return rest.nextInt(bound);
    }
    if (next >= bound) {
      throw new IllegalStateException("scripted " + next + " but the bound is " + bound);
    }
    return next;
  }

  @Override
  public long nextLong() {
    return rest.nextLong();
  }
}
