/**
 * The built-in matchmaking algorithms, {@code fifo} and {@code balanced}, registered through
 * {@link java.util.ServiceLoader} like any embedder's. Reach them by name through
 * {@link org.relva.matchmaking.AlgorithmRegistry}: the two provider classes are public only because
 * {@code ServiceLoader} must instantiate them; everything else here is package-private. The design
 * of the search is described in {@code AnchoredMatchmaker}.
 */
@NullMarked
package org.relva.matchmaking.builtin;

import org.jspecify.annotations.NullMarked;
