package org.relva.matchmaking;

import java.lang.System.Logger.Level;
import java.util.List;
import org.relva.core.Refusal;

/**
 * Hears what the {@link QueueDaemon} does besides popping matches (those are announced on the
 * core's event bus as {@code queuePop}): its passes, the proposals it rejected, those the core
 * refused, and failures. Every method has an empty default.
 *
 * <p>Methods are called from the daemon's passes, one at a time, on its executor; only an executor's
 * refusal to take a pass is reported on the thread that asked for it. A listener that throws is
 * logged and otherwise ignored.
 */
public interface MatchmakingListener {

  /** A pass finished. */
  default void onPass(PassReport report) {}

  /** {@code proposal} broke the invariants listed in {@code violations}, so it was not applied. */
  default void onRejected(Proposal proposal, List<String> violations) {}

  /**
   * The core refused {@code proposal}, typically because an entity left or changed between the
   * snapshot and the pop ({@link Refusal#ENTRY_CHANGED}); nothing was taken out of the queue.
   */
  default void onRefused(Proposal proposal, Refusal refusal, String message) {}

  /** The algorithm, or the daemon's machinery, failed with {@code error}. */
  default void onError(Throwable error) {}

  /**
   * A listener that logs to the platform logger {@code org.relva.matchmaking}: rejections as
   * warnings (they mean a buggy algorithm), refusals at debug level (a normal race), failures as
   * errors.
   */
  static MatchmakingListener logging() {
    System.Logger log = System.getLogger("org.relva.matchmaking");
    return new MatchmakingListener() {
      @Override
      public void onRejected(Proposal proposal, List<String> violations) {
        log.log(Level.WARNING, () -> "rejected an invalid proposal in " + proposal.region() + ": "
            + String.join("; ", violations));
      }

      @Override
      public void onRefused(Proposal proposal, Refusal refusal, String message) {
        log.log(Level.DEBUG, () -> "the core refused a proposal (" + refusal + "): " + message);
      }

      @Override
      public void onError(Throwable error) {
        log.log(Level.ERROR, "a matchmaking pass failed", error);
      }

      @Override
      public String toString() {
        return "MatchmakingListener.logging()";
      }
    };
  }
}
