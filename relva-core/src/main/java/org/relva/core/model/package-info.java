/**
 * The values of Relva's domain: users, parties, solo players, regions, join codes and channel
 * references. Every type here is an immutable, value-based record validated on construction; a
 * value handed out by the core can never change stored state.
 */
@NullMarked
package org.relva.core.model;

import org.jspecify.annotations.NullMarked;
