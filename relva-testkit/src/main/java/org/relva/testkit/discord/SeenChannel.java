package org.relva.testkit.discord;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A channel or thread as Discord holds it at one moment.
 *
 * @param id its snowflake
 * @param type Discord's channel type: 0 a text channel, 2 a voice channel, 4 a category, 12 a
 *     private thread
 * @param name its name, as shown
 * @param parentId the channel a thread belongs to, or a voice channel's category
 * @param ownerId who created a thread
 * @param members the user ids in a thread (Discord adds the creator)
 * @param overwrites a channel's (not a thread's) permission overwrites
 * @param invitable whether a private thread's members may add others
 * @param archived whether a thread is archived: out of the gateway's view, its members fixed
 */
public record SeenChannel(String id, int type, String name, Optional<String> parentId,
    Optional<String> ownerId, Set<String> members, List<Overwrite> overwrites, boolean invitable,
    boolean archived) {
  public static final int TEXT = 0;
  public static final int PRIVATE_THREAD = 12;
  public static final int VOICE = 2;
  public static final int CATEGORY = 4;

  public SeenChannel {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(parentId, "parentId");
    requireNonNull(ownerId, "ownerId");
    members = Set.copyOf(members);
    overwrites = List.copyOf(overwrites);
  }

  public boolean isThread() {
    return type == PRIVATE_THREAD;
  }

  /**
   * A permission overwrite.
   *
   * @param id the role or member it applies to
   * @param type 0 for a role, 1 for a member
   * @param allow the permission bits it grants
   * @param deny the permission bits it takes away
   */
  public record Overwrite(String id, int type, long allow, long deny) {
    public Overwrite {
      requireNonNull(id, "id");
    }
  }
}
