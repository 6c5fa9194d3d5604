/**
 * Region-aware matchmaking over the core's queue: the queue daemon and its pluggable algorithms.
 * The engine itself arrives with the matchmaking issue; this module already sits in the build so
 * that its boundary (no Discord, no package cycles) is checked from the start.
 */
@NullMarked
package org.relva.matchmaking;

import org.jspecify.annotations.NullMarked;
