package org.relva.core.model;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The maps of a player's last matches, newest first, as many as the map cooldown counts.
 * Immutable.
 *
 * @param maps the maps, newest first
 */
public record RecentMaps(List<String> maps) {
  public RecentMaps {
    maps = ImmutableList.copyOf(maps);
  }
}
