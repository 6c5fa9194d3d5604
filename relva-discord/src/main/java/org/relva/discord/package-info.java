/**
 * The Discord side of Relva. {@link org.relva.discord.RelvaBot} is the one way in; everything
 * else is package-private.
 */
@NullMarked
package org.relva.discord;

import org.jspecify.annotations.NullMarked;
