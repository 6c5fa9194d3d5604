/**
 * A local fake Discord for end-to-end tests of a bot: {@link org.relva.testkit.discord.LocalDiscord}
 * serves Discord's REST API and its gateway (JSON over a WebSocket) on one loopback port, so a real
 * Discord client library can connect to it, and gives the test a way to script users (slash
 * commands, button clicks) and to read back what Discord would have seen: channels and threads
 * with their members, messages with their flags and buttons, and when each interaction was
 * answered. Faults are injected per route (rate limits, server errors, late answers) and on the
 * gateway (a dropped connection, a dispatch delivered twice).
 *
 * <p>It implements the part of Discord a queue bot uses, with Discord's payload shapes, error
 * bodies and rules where they matter to a bot (the three-second interaction deadline, an
 * interaction acknowledged only once, message body limits, the bot's permissions, thread
 * archiving and the active-thread cap, the gateway's close codes, sharding across several guilds),
 * each taken from Discord's docs
 * or OpenAPI document; anything else answers 404 and is listed in
 * {@link org.relva.testkit.discord.LocalDiscord#problems()}. Every exchange can be captured to a
 * JSON Lines file (system property {@code relva.discord.capture}).
 * It knows no client library: it speaks only HTTP, WebSocket and JSON.
 */
@NullMarked
package org.relva.testkit.discord;

import org.jspecify.annotations.NullMarked;
