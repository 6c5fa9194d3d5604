package org.relva.store;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.relva.core.store.StorageException;

/**
 * The guard that keeps two processes from serving one Discord server at once, when several Relva
 * processes share one PostgreSQL database (Discord's sharding routes each server to one process,
 * but during a rolling restart the old and the new process overlap). A process serves a server
 * only while it holds that server's lease; a second process asking for it waits, and takes over
 * when the first releases it or dies. Made by {@link RelvaStore#serverLeases}; one instance per
 * process. This interface is thread-safe.
 *
 * <pre>{@code
 * ServerLeases leases =
 *     RelvaStore.serverLeases(url, user, password, scheduler, Duration.ofSeconds(5));
 * leases.onLost((servers, why) -> servers.forEach(bot::stopServing)); // closes their journals
 * leases.acquire(guildId).thenRun(() -> {
 *   StateJournal journal = store.claimScope(guildId, processName); // fences out the last holder
 *   bot.startServing(guildId, journal);                            // loads, then commits
 * });
 * }</pre>
 *
 * <p>A lease is a PostgreSQL session-level advisory lock held on one connection of its own; see
 * the implementation's notes for why, and for the limits: a lease is lost if that connection
 * drops (the {@linkplain #onLost lost-listener} says so, and the process must stop serving those
 * servers at once), and a network partition can leave the old holder's session alive on the
 * server for up to about a minute, during which nobody else gets the lease.
 *
 * <p>A lease alone does not fence the journal's commits: between a lease's loss and the
 * lost-listener's call (up to {@code retryEvery} when the lock is dropped without the connection
 * failing), the old holder could still commit to the server's scope while the new holder has
 * loaded it. So a process, once it holds a server's lease, {@linkplain RelvaStore#claimScope
 * claims} the server's scope and then loads it, and commits only through the journal the claim
 * returned: the claim gives the scope a new epoch, and each commit checks the epoch in its own
 * transaction, so the old holder's late commits fail with a {@link StorageException} naming the
 * new holder and write nothing (its core undoes the operation). The order is acquire, claim,
 * load; on losing the lease, stop serving and close the claimed journal. Fencing needs the
 * lease, too: claims alone would let two live processes take a server from each other in turn.
 *
 * <p>Server ids are Discord snowflakes or {@code console}: 1 to 64 characters of
 * {@code [A-Za-z0-9_-]}; anything else is refused with an {@link IllegalArgumentException}.
 */
public interface ServerLeases extends AutoCloseable {

  /**
   * Told when leases this process held are gone without its asking: the lock connection
   * dropped, or the server ended its session. The process must stop serving those servers at
   * once; another process may be taking them over. They are not asked for again by themselves:
   * call {@link #acquire} to wait for them anew.
   */
  @FunctionalInterface
  interface LostListener {
    /**
     * Called on the retry executor's thread; an exception it throws is ignored.
     *
     * @param serverIds the servers whose leases are gone, never empty
     * @param why what happened, for the log; its message names no password
     */
    void lost(Set<String> serverIds, StorageException why);
  }

  /**
   * Asks for {@code serverId}'s lease without waiting: the future completes once this process
   * holds it, right away if no other process does, else after a later retry (every
   * {@code retryEvery}, on the executor given to {@link RelvaStore#serverLeases}) once the holder
   * releases it or dies. Asking again while waiting returns the same future; asking for a lease
   * already held returns a completed one. While the database cannot be reached the future stays
   * pending and the attempts go on.
   *
   * <p>Cancelling the future withdraws the request (a lease it got meanwhile is released). The
   * future fails with a {@link StorageException} if these leases are {@linkplain #close closed}
   * first. Its dependent actions run on the executor's thread.
   *
   * @throws IllegalArgumentException if {@code serverId} is no server id
   * @throws StorageException if these leases are closed
   */
  CompletableFuture<Void> acquire(String serverId);

  /**
   * Takes {@code serverId}'s lease if no other process holds it, now, on the calling thread.
   * Completes a pending {@link #acquire} of it as well.
   *
   * @return whether this process holds it now (true if it already did)
   * @throws StorageException if the database cannot be reached (the leases held on the broken
   *     connection are then reported lost), or these leases are closed
   * @throws IllegalArgumentException if {@code serverId} is no server id
   */
  boolean tryAcquire(String serverId);

  /**
   * Gives {@code serverId}'s lease up, so a waiting process can take it over; withdraws a pending
   * {@link #acquire} of it (its future is cancelled). Releasing a lease this process does not
   * hold does nothing and returns false: a shutdown that releases everything it might hold needs
   * no bookkeeping. If the lock connection is broken, the lease is already gone and this returns
   * true; the other leases are then reported lost at the next check.
   *
   * @return whether this process held it
   * @throws IllegalArgumentException if {@code serverId} is no server id
   */
  boolean release(String serverId);

  /** The servers whose leases this process holds now, as of the last check; a copy. */
  Set<String> held();

  /**
   * Tells {@code listener} when held leases are lost (and no longer the listener set before). The
   * connection is checked every {@code retryEvery}.
   */
  void onLost(LostListener listener);

  /**
   * Releases every lease, fails the pending requests, stops the retries and closes the lock
   * connection. Does not tell the lost-listener. Closing twice does nothing.
   */
  @Override
  void close();
}
