package org.relva.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relva.core.model.UserId;
import org.relva.core.store.Change;
import org.relva.core.store.StorageException;
import org.relva.store.RelvaStore.Durability;

/** {@link RelvaStore#onCommit} and {@link RelvaStore#check}: the hooks the bot's metrics use. */
class CommitListenerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  private record Call(Duration took, boolean written) {}

  private static List<Change> change(int n) {
    return List.of(new Change("cooldowns", UserId.of("u" + n), Optional.of(T0.plusSeconds(n))));
  }

  @Test
  @DisplayName("the listener hears each commit once, written, with a duration that is not negative")
  void onCommit_calledOncePerCommit() {
    List<Call> calls = new ArrayList<>();
    try (RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH)) {
      store.onCommit((took, written) -> calls.add(new Call(took, written)));
      for (int n = 0; n < 3; n++) {
        store.commit(change(n));
      }
      store.commit(List.of()); // nothing to write: no commit

      assertThat(calls).hasSize(3).allSatisfy(call -> {
        assertThat(call.written()).isTrue();
        assertThat(call.took()).isGreaterThanOrEqualTo(Duration.ZERO);
      });
      assertThat(store.load().get("cooldowns")).hasSize(3);
    }
  }

  @Test
  @DisplayName("a failed commit is heard as not written, and a listener that throws fails nothing")
  void onCommit_failedCommit_andThrowingListener() {
    List<Call> calls = new ArrayList<>();
    RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH);
    store.onCommit((took, written) -> {
      calls.add(new Call(took, written));
      throw new IllegalStateException("a broken metrics registry");
    });
    store.commit(change(1));
    store.close();
    assertThatThrownBy(() -> store.commit(change(2))).isInstanceOf(StorageException.class)
        .hasMessageContaining("closed");

    assertThat(calls).extracting(Call::written).containsExactly(true, false);
  }

  @Test
  @DisplayName("check answers while the journal is open, and says so once it is closed")
  void check_openAndClosed() {
    RelvaStore store = RelvaStore.sqlite(dir.resolve("relva.db"), Durability.PROCESS_CRASH);
    store.check();
    store.close();
    assertThatThrownBy(store::check).isInstanceOf(StorageException.class)
        .hasMessageContaining("closed");
  }
}
