package org.relva.discord;

import java.nio.file.Path;
import java.util.Optional;
import org.relva.core.store.StateJournal;
import org.relva.store.RelvaStore;

/**
 * Opens the place the settings say the state is kept: PostgreSQL when {@code RELVA_DATABASE_URL}
 * is set, else the SQLite file {@code RELVA_DATA} (for the bot, {@code relva.db} in the working
 * directory when unset), else nothing (the console's default, so its scripts repeat).
 */
final class Journals {
  /** The bot's SQLite file when {@code RELVA_DATA} is not set. */
  static final Path BOT_DEFAULT = Path.of("relva.db");

  private Journals() {}

  /** The built-in stores, and the bot's own: each server's setup ({@link ServerSetup}). */
  private static RelvaStore.Builder stores() {
    return RelvaStore.builder().store(ServerSetup.STORE, String.class, String.class);
  }

  /**
   * The journal {@code storage} names; {@code bot} when the Discord bot (not the console) runs.
   *
   * @throws org.relva.core.store.StorageException if it cannot be opened; the message names the
   *     setting and the fix
   */
  static StateJournal open(BotConfig.Storage storage, boolean bot) {
    if (storage.databaseUrl().isPresent()) {
      return stores().postgres(storage.databaseUrl().get(), storage.user().orElse(""),
          storage.password().orElse(""));
    }
    Optional<Path> file = storage.data().or(() -> bot ? Optional.of(BOT_DEFAULT)
        : Optional.empty());
    if (file.isEmpty()) {
      return StateJournal.none();
    }
    return stores().sqlite(file.get(), storage.powerLoss() ? RelvaStore.Durability.POWER_LOSS
        : RelvaStore.Durability.PROCESS_CRASH);
  }
}
