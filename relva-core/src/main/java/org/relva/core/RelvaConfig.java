package org.relva.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Party;
import org.relva.core.model.Regions;

/**
 * The core's settings. Immutable; {@link #defaults()} gives sensible ones to start from.
 *
 * @param regions the configured regions and the default one
 * @param lobby the channel where solo players queue (the spec's {@code #kiwipugs})
 * @param wrongCodeLimit how many wrong join codes a user may try within {@code wrongCodeWindow}
 * @param wrongCodeWindow the window of the wrong-code limit
 * @param maxPartySize how many members a party may have, 2 to {@value Party#MAX_SIZE}; set it to
 *     the match format's team size when that is smaller, so no party grows too big to be matched
 * @param matches the rules of a match's life after it pops
 */
public record RelvaConfig(Regions regions, ChannelId lobby, int wrongCodeLimit,
    Duration wrongCodeWindow, int maxPartySize, MatchRules matches) {

  public RelvaConfig {
    requireNonNull(regions, "regions");
    requireNonNull(lobby, "lobby");
    requireNonNull(wrongCodeWindow, "wrongCodeWindow");
    requireNonNull(matches, "matches");
    checkArgument(wrongCodeLimit >= 1, "wrongCodeLimit must be at least 1, got %s", wrongCodeLimit);
    checkArgument(!wrongCodeWindow.isNegative() && !wrongCodeWindow.isZero(),
        "wrongCodeWindow must be positive, got %s", wrongCodeWindow);
    checkArgument(maxPartySize >= Party.MIN_QUEUE_SIZE && maxPartySize <= Party.MAX_SIZE,
        "maxPartySize must be %s to %s, got %s", Party.MIN_QUEUE_SIZE, Party.MAX_SIZE, maxPartySize);
  }

  /** Settings with parties of up to {@value Party#MAX_SIZE}. */
  public RelvaConfig(Regions regions, ChannelId lobby, int wrongCodeLimit,
      Duration wrongCodeWindow) {
    this(regions, lobby, wrongCodeLimit, wrongCodeWindow, Party.MAX_SIZE, MatchRules.defaults());
  }

  /** Regions {@code us-e} (the default), {@code us-w} and {@code eu}; lobby {@code kiwipugs}; five wrong codes a minute. */
  public static RelvaConfig defaults() {
    return new RelvaConfig(Regions.of("us-e", "us-w", "eu"), ChannelId.of("kiwipugs"), 5,
        Duration.ofMinutes(1));
  }

  public RelvaConfig withRegions(Regions regions) {
    return new RelvaConfig(regions, lobby, wrongCodeLimit, wrongCodeWindow, maxPartySize, matches);
  }

  public RelvaConfig withLobby(ChannelId lobby) {
    return new RelvaConfig(regions, lobby, wrongCodeLimit, wrongCodeWindow, maxPartySize, matches);
  }

  public RelvaConfig withWrongCodeLimit(int limit, Duration window) {
    return new RelvaConfig(regions, lobby, limit, window, maxPartySize, matches);
  }

  public RelvaConfig withMatchRules(MatchRules rules) {
    return new RelvaConfig(regions, lobby, wrongCodeLimit, wrongCodeWindow, maxPartySize, rules);
  }

  public RelvaConfig withMaxPartySize(int size) {
    return new RelvaConfig(regions, lobby, wrongCodeLimit, wrongCodeWindow, size, matches);
  }
}
