package org.relva.core.event;

import java.lang.System.Logger.Level;

/** Receives the exceptions that listeners throw, so that they reach neither publisher nor peers. */
@FunctionalInterface
public interface ListenerErrorHandler {

  /** Called on the delivering thread with what {@code listener} threw while handling {@code event}. */
  void onError(Throwable error, RelvaEvent event, Object listener);

  /** A handler that logs to the platform logger named {@code org.relva.core.event}. */
  static ListenerErrorHandler logging() {
    System.Logger log = System.getLogger("org.relva.core.event");
    return (error, event, listener) ->
        log.log(Level.ERROR, () -> "listener " + listener + " failed on " + event, error);
  }
}
