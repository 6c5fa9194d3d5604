package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.UserId;

/**
 * Something the bot says: in a channel for everyone there, or privately (ephemerally) to the user
 * who ran a command. A ready-check announcement carries its match, so front ends can add the
 * accept and decline buttons and scripts can read the teams.
 *
 * @param channel the channel it goes to, for a public message
 * @param to the user it is shown to, for an ephemeral reply
 * @param text what it says
 * @param error whether it reports a refusal
 * @param readyCheck the match whose ready check this message opens, if it does
 * @param mentions the users a channel message is about, whom a front end may ping
 * @param board for a message that shows the current state of something (the live queue), its
 *     key: a front end keeps one message per key in a channel and edits it
 * @param mapVote the map vote this message opens, if it does: a front end adds a button a map
 * @param picks the entries a captains' draft has left to pick, if this message shows the draft:
 *     a front end adds a button an entry (as many as it can show)
 * @param volunteer whether a ready check's players may volunteer to captain: a front end adds a
 *     button for it
 */
record BotMessage(Optional<ChannelId> channel, Optional<UserId> to, String text, boolean error,
    Optional<MatchRecord> readyCheck, List<UserId> mentions, Optional<String> board,
    Optional<MapChoice> mapVote, Optional<Picks> picks, boolean volunteer) {

  /**
   * A captains' draft's buttons: the match, and the entries left to pick, in order, each named by
   * one of its players (whose pick takes the entry's party along) and labelled with its members.
   */
  record Picks(String matchId, List<Pick> pool) {
    Picks {
      requireNonNull(matchId, "matchId");
      pool = List.copyOf(pool);
    }
  }

  /** One entry left to pick: the player a press picks, and the button's label. */
  record Pick(UserId player, String label) {
    Pick {
      requireNonNull(player, "player");
      requireNonNull(label, "label");
    }
  }

  /** A map vote's buttons: the match, and the maps offered, in order. */
  record MapChoice(String matchId, List<String> maps) {
    MapChoice {
      requireNonNull(matchId, "matchId");
      maps = List.copyOf(maps);
    }
  }

  BotMessage(Optional<ChannelId> channel, Optional<UserId> to, String text, boolean error,
      Optional<MatchRecord> readyCheck, List<UserId> mentions, Optional<String> board) {
    this(channel, to, text, error, readyCheck, mentions, board, Optional.empty(),
        Optional.empty(), false);
  }

  BotMessage {
    requireNonNull(channel, "channel");
    requireNonNull(to, "to");
    requireNonNull(text, "text");
    requireNonNull(readyCheck, "readyCheck");
    mentions = List.copyOf(mentions);
    requireNonNull(board, "board");
    requireNonNull(mapVote, "mapVote");
    requireNonNull(picks, "picks");
    if (channel.isPresent() == to.isPresent()) {
      throw new IllegalArgumentException("a message goes to a channel or to a user, not both");
    }
  }

  static BotMessage inChannel(ChannelId channel, String text) {
    return new BotMessage(Optional.of(channel), Optional.empty(), text, false, Optional.empty(),
        List.of(), Optional.empty());
  }

  static BotMessage readyCheck(ChannelId channel, String text, MatchRecord match) {
    return readyCheck(channel, text, match, false);
  }

  /** A ready check, with a button to volunteer to captain if {@code volunteer}. */
  static BotMessage readyCheck(ChannelId channel, String text, MatchRecord match,
      boolean volunteer) {
    return new BotMessage(Optional.of(channel), Optional.empty(), text, false, Optional.of(match),
        List.of(), Optional.empty(), Optional.empty(), Optional.empty(), volunteer);
  }

  /** A captains' draft as it stands in {@code channel}, with {@code picks} to press. */
  static BotMessage draft(ChannelId channel, String text, Picks picks) {
    return new BotMessage(Optional.of(channel), Optional.empty(), text, false, Optional.empty(),
        List.of(), Optional.empty(), Optional.empty(), Optional.of(picks), false);
  }

  /** The map vote of match {@code matchId} in {@code channel}, offering {@code maps}. */
  static BotMessage mapVote(ChannelId channel, String text, String matchId, List<String> maps) {
    return new BotMessage(Optional.of(channel), Optional.empty(), text, false, Optional.empty(),
        List.of(), Optional.empty(), Optional.of(new MapChoice(matchId, maps)), Optional.empty(),
        false);
  }

  /** A message in {@code channel} about {@code mentions}, who should be pinged. */
  static BotMessage notice(ChannelId channel, String text, List<UserId> mentions) {
    return new BotMessage(Optional.of(channel), Optional.empty(), text, false, Optional.empty(),
        mentions, Optional.empty());
  }

  /** The current state of {@code key} in {@code channel}: replaces its previous message. */
  static BotMessage board(ChannelId channel, String key, String text) {
    return new BotMessage(Optional.of(channel), Optional.empty(), text, false, Optional.empty(),
        List.of(), Optional.of(key));
  }

  static BotMessage reply(UserId to, String text) {
    return new BotMessage(Optional.empty(), Optional.of(to), text, false, Optional.empty(),
        List.of(), Optional.empty());
  }

  static BotMessage refusal(UserId to, String text) {
    return new BotMessage(Optional.empty(), Optional.of(to), text, true, Optional.empty(),
        List.of(), Optional.empty());
  }

  boolean ephemeral() {
    return to.isPresent();
  }
}
