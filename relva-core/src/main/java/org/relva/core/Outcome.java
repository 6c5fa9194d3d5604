package org.relva.core;

import static java.util.Objects.requireNonNull;

import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What an operation of the core returns: a {@link Success} with its value, or a {@link Failure}
 * saying why it was refused. A failed operation changed nothing.
 *
 * @param <T> the type of a success's value
 */
public sealed interface Outcome<T> {

  static <T> Outcome<T> success(T value) {
    return new Success<>(value);
  }

  /** A refusal with nothing to add beyond its kind and its message. */
  static <T> Outcome<T> failure(Refusal refusal, String message) {
    return new Failure<>(refusal, RefusalDetail.none(), message);
  }

  /** A refusal with the facts a front end needs to word it ({@link RefusalDetail}). */
  static <T> Outcome<T> failure(Refusal refusal, RefusalDetail detail, String message) {
    return new Failure<>(refusal, detail, message);
  }

  /** Whether the operation succeeded. */
  boolean isSuccess();

  /** The value of a success; throws {@link NoSuchElementException} with the message otherwise. */
  T orElseThrow();

  /** The value of a success, or empty. */
  Optional<T> value();

  /** The failure, or empty. */
  Optional<Failure<T>> failure();

  /** The refusal of a failure, or empty. */
  default Optional<Refusal> refused() {
    return failure().map(Failure::refusal);
  }

  /** The operation succeeded with {@code value}. */
  record Success<T>(T result) implements Outcome<T> {
    public Success {
      requireNonNull(result, "result");
    }

    @Override
    public boolean isSuccess() {
      return true;
    }

    @Override
    public T orElseThrow() {
      return result;
    }

    @Override
    public Optional<T> value() {
      return Optional.of(result);
    }

    @Override
    public Optional<Failure<T>> failure() {
      return Optional.empty();
    }
  }

  /**
   * The operation was refused and changed nothing.
   *
   * @param refusal the kind of refusal, for code
   * @param detail the facts behind it, for a front end to word its own way
   * @param message why, and what to do, for people: a neutral default, naming no front end's
   *     commands
   */
  record Failure<T>(Refusal refusal, RefusalDetail detail, String message) implements Outcome<T> {
    public Failure {
      requireNonNull(refusal, "refusal");
      requireNonNull(detail, "detail");
      requireNonNull(message, "message");
    }

    /** A refusal with nothing to add beyond its kind and its message. */
    public Failure(Refusal refusal, String message) {
      this(refusal, RefusalDetail.none(), message);
    }

    /** The same refusal, as the outcome of an operation of another type. */
    public <U> Failure<U> retyped() {
      return new Failure<>(refusal, detail, message);
    }

    @Override
    public boolean isSuccess() {
      return false;
    }

    @Override
    public T orElseThrow() {
      throw new NoSuchElementException(refusal + ": " + message);
    }

    @Override
    public Optional<T> value() {
      return Optional.empty();
    }

    @Override
    public Optional<Failure<T>> failure() {
      return Optional.of(this);
    }
  }
}
