package org.relva.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.store.StateJournal;
import org.relva.store.RelvaStore.Durability;
import org.relva.testkit.store.StateJournalContract;

/** The storage port's contract, on a SQLite file in a temporary directory. */
class SqliteJournalContractTest extends StateJournalContract {
  @TempDir Path dir;

  @Override
  protected StateJournal newJournal() {
    return RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH);
  }

  @Override
  protected StateJournal reopen(StateJournal journal) {
    journal.close();
    return RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH);
  }
}
