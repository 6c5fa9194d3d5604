package org.relva.core;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.relva.core.store.Change;
import org.relva.core.store.ChangeLog;
import org.relva.core.store.StateJournal;
import org.relva.core.store.StorageException;

/**
 * The journal's side of the core: restoring the stores from it when the core is built, committing
 * each operation's writes through it, and putting everything back when a commit fails. Nothing is
 * tracked when the journal keeps nothing, so an in-memory core costs what it did before there was
 * a journal. Not thread-safe: used with {@link Relva}'s lock held.
 */
final class Journaling {
  private final StateJournal journal;
  private final ChangeLog changes = new ChangeLog();
  private final RelvaStores working;
  private QueueIndex queue;
  private ReadyChecks readyChecks;

  /**
   * Fills {@code stores} from {@code journal} (when it keeps anything) and checks the core's
   * invariants on whatever they then hold.
   *
   * @throws IllegalStateException if the state breaks an invariant
   */
  Journaling(StateJournal journal, RelvaStores stores) {
    this.journal = journal;
    if (journal.isDurable()) {
      Set<String> loaded = new HashSet<>(stores.byName().keySet());
      loaded.removeAll(RelvaStores.ARCHIVED); // read on demand: see RelvaStores#history
      stores.restore(journal.load(loaded));
    }
    List<String> broken = stores.archivedIn(journal).violations(); // the history as kept
    if (!broken.isEmpty()) {
      throw new IllegalStateException("The saved state breaks the core's invariants, so Relva "
          + "will not run on it:\n  - " + String.join("\n  - ", broken));
    }
    this.working = journal.isDurable() ? stores.archivedIn(journal).tracked(changes) : stores;
  }

  /** The ids of the ended matches: the journal's, when it keeps the history. */
  Set<String> endedMatchIds() {
    if (!journal.isDurable()) {
      return Set.copyOf(working.history().snapshot().keySet());
    }
    Set<String> ids = new HashSet<>();
    journal.keys("history").forEach(id -> ids.add((String) id));
    return Collections.unmodifiableSet(ids);
  }

  /** The stores the parts write: tracked when there is a journal to commit to. */
  RelvaStores working() {
    return working;
  }

  /** The indexes to rebuild after an undo. */
  void indexes(QueueIndex queue, ReadyChecks readyChecks) {
    this.queue = queue;
    this.readyChecks = readyChecks;
  }

  /**
   * Commits the operation's writes, if it made any.
   *
   * @throws StorageException if they could not be committed; the operation is then undone
   */
  void commit() {
    if (!journal.isDurable()) {
      return; // nothing is tracked, so nothing to commit: in memory an operation costs no more
    }
    List<Change> changed = changes.changes();
    try {
      if (!changed.isEmpty()) {
        journal.commit(changed);
      }
      changes.clear();
    } catch (StorageException e) {
      undo();
      throw e;
    }
  }

  /** Puts the stores and their indexes back as the last commit left them. */
  void undo() {
    changes.undo();
    queue.rebuild();
    readyChecks.rebuild();
  }
}
