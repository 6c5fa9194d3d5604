/**
 * Relva's core: parties and the queue of {@code party-and-queue-spec.txt}, behind key-value
 * stores, with an event bus. Everything starts at {@link org.relva.core.Relva#builder()}.
 *
 * <p>Nothing in this package or below it knows Discord: users, channels and parties are opaque ids,
 * and a front end (the Discord adapter, the offline console, a test) translates.
 */
@NullMarked
package org.relva.core;

import org.jspecify.annotations.NullMarked;
