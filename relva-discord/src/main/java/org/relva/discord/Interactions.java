package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import org.relva.core.model.Member;
import org.relva.core.model.UserId;

/**
 * Reads Discord interactions into {@link Invocation}s: who (the member's id and the name the
 * server shows), where (the channel or thread, through the {@link ChannelMap}), which command and
 * options, and whether the member is a moderator. Also names the ready-check buttons, whose
 * custom ids carry the match: {@code relva:accept:M123}, and the draft's, which carry the match and
 * the player a press picks: {@code relva:pick:M123:<user id>}. Immutable and thread-safe.
 */
final class Interactions {
  static final String BUTTON_PREFIX = "relva:";
  private static final Pattern BUTTON =
      Pattern.compile("relva:(accept|decline|captain):(\\S{1,80})");
  /** A map vote's button: {@code relva:vote:<match>:<map>}. */
  private static final Pattern VOTE = Pattern.compile("relva:vote:([^:\\s]{1,40}):(.{1,40})");
  /** A captains' draft's button: {@code relva:pick:<match>:<user>}. */
  private static final Pattern PICK = Pattern.compile("relva:pick:([^:\\s]{1,40}):([0-9]{1,20})");

  private final ChannelMap channels;
  private final Optional<String> moderatorRole;

  Interactions(ChannelMap channels, Optional<String> moderatorRole) {
    this.channels = requireNonNull(channels, "channels");
    this.moderatorRole = requireNonNull(moderatorRole, "moderatorRole");
  }

  /**
   * The invocation a slash command is.
   *
   * @throws IllegalArgumentException if it did not come from a server member
   */
  Invocation slash(SlashCommandInteractionEvent event) {
    net.dv8tion.jda.api.entities.Member member = memberOf(event);
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, Member> users = new LinkedHashMap<>();
    for (OptionMapping option : event.getOptions()) {
      if (option.getType() == OptionType.USER) {
        users.put(option.getName(), userOption(option));
      } else {
        options.put(option.getName(), option.getAsString());
      }
    }
    String sub = event.getSubcommandName();
    return new Invocation(member(member), channels.toCore(channelOf(event)), event.getName(),
        sub == null ? "" : sub, options, users, isModerator(member, moderatorRole),
        member.hasPermission(Permission.MANAGE_SERVER));
  }

  /**
   * The invocation a ready-check button is ({@code /match accept match:M123}), or empty if the
   * button is not one of Relva's.
   *
   * @throws IllegalArgumentException if it did not come from a server member
   */
  Optional<Invocation> button(ButtonInteractionEvent event) {
    Matcher vote = VOTE.matcher(event.getComponentId());
    if (vote.matches()) {
      return Optional.of(match(event, "vote", Map.of("match", vote.group(1), "map",
          vote.group(2))));
    }
    Matcher pick = PICK.matcher(event.getComponentId());
    if (pick.matches()) {
      return Optional.of(match(event, "pick", Map.of("match", pick.group(1), "player",
          pick.group(2))));
    }
    Matcher id = BUTTON.matcher(event.getComponentId());
    if (!id.matches()) {
      return Optional.empty();
    }
    return Optional.of(match(event, id.group(1), Map.of("match", id.group(2))));
  }

  /** The {@code /match sub} with {@code options} that a button press is. */
  private Invocation match(ButtonInteractionEvent event, String sub,
      Map<String, String> options) {
    net.dv8tion.jda.api.entities.Member member = memberOf(event);
    return new Invocation(member(member), channels.toCore(channelOf(event)), "match", sub,
        options, Map.of(), isModerator(member, moderatorRole));
  }

  /** The custom id of the map vote's button for {@code map} in match {@code matchId}. */
  static String voteButtonId(String matchId, String map) {
    return BUTTON_PREFIX + "vote:" + matchId + ":" + map;
  }

  /** The custom id of the draft's button that picks {@code player} in match {@code matchId}. */
  static String pickButtonId(String matchId, UserId player) {
    return BUTTON_PREFIX + "pick:" + matchId + ":" + player.value();
  }

  /**
   * The custom id of the ready-check button that runs {@code /match <action>} on a match
   * ({@code accept}, {@code decline}, or {@code captain} to volunteer).
   */
  static String buttonId(String action, String matchId) {
    return BUTTON_PREFIX + action + ":" + matchId;
  }

  /**
   * Whether {@code member} may run {@code /admin}: they have Manage Server (administrators have
   * every permission), or a role named {@code role}, compared ignoring case.
   */
  static boolean isModerator(net.dv8tion.jda.api.entities.Member member, Optional<String> role) {
    if (member.hasPermission(Permission.MANAGE_SERVER)) {
      return true;
    }
    return role.map(name -> member.getRoles().stream()
        .anyMatch(r -> r.getName().equalsIgnoreCase(name))).orElse(false);
  }

  static Member member(net.dv8tion.jda.api.entities.Member member) {
    return Member.of(Long.toUnsignedString(member.getIdLong()), member.getEffectiveName());
  }

  private static Member userOption(OptionMapping option) {
    net.dv8tion.jda.api.entities.Member member = option.getAsMember();
    if (member != null) {
      return member(member);
    }
    // Not (or no longer) in the server: Discord still resolves the user.
    User user = option.getAsUser();
    return Member.of(Long.toUnsignedString(user.getIdLong()), user.getEffectiveName());
  }

  private static net.dv8tion.jda.api.entities.Member memberOf(Interaction interaction) {
    net.dv8tion.jda.api.entities.Member member = interaction.getMember();
    if (member == null) {
      throw new IllegalArgumentException("Relva's commands work in its server, not in direct "
          + "messages.");
    }
    return member;
  }

  private static String channelOf(Interaction interaction) {
    return Long.toUnsignedString(interaction.getChannelIdLong());
  }
}
