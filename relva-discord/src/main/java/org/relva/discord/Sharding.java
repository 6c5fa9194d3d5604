package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which of Discord's gateway shards this process runs ({@code RELVA_SHARDS},
 * {@code RELVA_SHARD_IDS}). Discord sends each server's events to the shard
 * {@code (guild_id >> 22) % shards}, so the processes of one bot, each running some shards of the
 * same total, serve every server between them, one process a server.
 *
 * @param total how many shards the bot runs in all, or empty for as many as Discord recommends
 *     ({@code auto})
 * @param ids the shards this process runs, ascending, or empty for all of them
 */
record Sharding(Optional<Integer> total, List<Integer> ids) {
  /** The most shards a bot may ask for here; far beyond what one bot of PUG servers needs. */
  static final int MAX_SHARDS = 4096;

  Sharding {
    requireNonNull(total, "total");
    ids = List.copyOf(new TreeSet<>(ids));
    if (total.isPresent() && (total.get() < 1 || total.get() > MAX_SHARDS)) {
      throw new IllegalArgumentException("shards outside 1 to " + MAX_SHARDS);
    }
    if (!ids.isEmpty() && total.isEmpty()) {
      throw new IllegalArgumentException("shard ids need a number of shards");
    }
    for (int id : ids) {
      if (id < 0 || id >= total.orElse(Integer.MAX_VALUE)) {
        throw new IllegalArgumentException("shard " + id + " is not below " + total.orElseThrow());
      }
    }
  }

  /** As many shards as Discord recommends, all run here: the default. */
  static Sharding auto() {
    return new Sharding(Optional.empty(), List.of());
  }

  /**
   * Shard ids as {@code RELVA_SHARD_IDS} writes them: numbers and ranges separated by commas,
   * such as {@code 0-3} or {@code 0,2,4-5}.
   *
   * @throws IllegalArgumentException if {@code text} is not such a list
   */
  static List<Integer> parseIds(String text) {
    List<Integer> ids = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String item = part.strip();
      if (!item.matches("[0-9]{1,5}(-[0-9]{1,5})?")) {
        throw new IllegalArgumentException("'" + item + "' is not a shard number or a range");
      }
      String[] ends = item.split("-");
      int from = Integer.parseInt(ends[0]);
      int to = ends.length == 2 ? Integer.parseInt(ends[1]) : from;
      if (to < from) {
        throw new IllegalArgumentException("the range " + item + " runs backwards");
      }
      for (int id = from; id <= to; id++) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** Whether this process runs only some of the bot's shards, so others run the rest. */
  boolean partial() {
    return !ids.isEmpty() && ids.size() < total.orElseThrow();
  }

  /** The shard of {@code total} shards that Discord sends server {@code guildId}'s events to. */
  static int shardOf(long guildId, int total) {
    return (int) ((guildId >>> 22) % total);
  }

  /** Whether this process runs the shard of server {@code guildId}; true while {@code auto}. */
  boolean runs(long guildId) {
    return ids.isEmpty() || ids.contains(shardOf(guildId, total.orElseThrow()));
  }

  @Override
  public String toString() {
    String of = total.map(String::valueOf).orElse("auto");
    return ids.isEmpty() ? "all of " + of : "shards " + describe(ids) + " of " + of;
  }

  private static String describe(List<Integer> ids) {
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < ids.size()) {
      int j = i;
      while (j + 1 < ids.size() && ids.get(j + 1) == ids.get(j) + 1) {
        j++;
      }
      text.append(text.length() == 0 ? "" : ",").append(ids.get(i))
          .append(j > i ? "-" + ids.get(j) : "");
      i = j + 1;
    }
    return text.toString();
  }
}
