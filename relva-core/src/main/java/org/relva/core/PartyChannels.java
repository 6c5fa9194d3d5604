package org.relva.core;

import org.relva.core.model.ChannelId;
import org.relva.core.model.EntityId;
import org.relva.core.model.Member;
import org.relva.core.model.UserId;

/**
 * The port through which the core opens, changes and closes parties' channels. The Discord
 * adapter implements it with private threads or channels; tests use a fake.
 *
 * <p>{@link #open} is called without any lock held and may block (it is a network call); if it
 * fails, no party is created. The other methods are called after the change they reflect has been
 * stored, one at a time and in the order of those changes, also without any lock held; they should
 * not block (queue the request, as JDA's {@code queue()} does). Their failures are logged and do
 * not undo the change: the party's membership is the truth and the channel follows it.
 */
public interface PartyChannels {

  /**
   * Opens the channel for a new party named {@code name} (the spec's {@code Party [K8d0wl5]}),
   * visible to {@code leader}.
   *
   * @return the channel's id, to be stored in the channel store
   * @throws ChannelException if no channel could be opened; its message is shown to the user
   */
  ChannelId open(EntityId party, String name, Member leader) throws ChannelException;

  /** Gives {@code member} access to the party's channel. */
  void grant(ChannelId channel, Member member);

  /** Takes {@code user}'s access to the party's channel away. */
  void revoke(ChannelId channel, UserId user);

  /** Closes (deletes or archives) the channel of a disbanded party. */
  void close(ChannelId channel);

  /** Thrown by {@link #open} when the channel cannot be made; the message says why, for users. */
  final class ChannelException extends Exception {
    private static final long serialVersionUID = 1L;

    public ChannelException(String message) {
      super(message);
    }

    public ChannelException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
