/**
 * The Discord side of Relva. {@link org.relva.discord.RelvaBot} is the one way in; everything
 * else is package-private. Every word the bot says, refusals, replies and announcements alike, is
 * in {@code Wording}; {@code CommandLayer} routes commands to the core, and {@code Announcer} turns
 * the core's events into messages.
 */
@NullMarked
package org.relva.discord;

import org.jspecify.annotations.NullMarked;
