package org.relva.discord;

/**
 * Times interactions (slash commands and button clicks) for the operator's metrics, from the
 * moment the bot receives one to the moment its answer is ready. {@link #NONE} times nothing.
 * Implementations are thread-safe.
 */
interface InteractionMeter {
  /** Times nothing: the bot without {@code RELVA_METRICS_PORT}. */
  InteractionMeter NONE = (kind, name) -> outcome -> { };

  /**
   * Starts timing an interaction.
   *
   * @param name a bounded name: a registered command such as {@code queue join}, or a button's
   *     action such as {@code match accept}; never anything a user typed or an id
   */
  Stopwatch start(Kind kind, String name);

  /** What a user did. */
  enum Kind {
    COMMAND,
    BUTTON
  }

  /** How an interaction ended. */
  enum Outcome {
    /** It ran and answered. */
    OK,
    /** It was turned away: a refusal, told to the user. */
    REFUSED,
    /** Relva failed: the command threw, or Discord refused the acknowledgement. */
    ERROR
  }

  /** A started interaction; {@link #stop} it once. */
  @FunctionalInterface
  interface Stopwatch {
    void stop(Outcome outcome);
  }
}
