/**
 * Analytics of popped matches: what each pop looked like ({@link
 * org.relva.matchmaking.analytics.PopRecord}) and running aggregates per region ({@link
 * org.relva.matchmaking.analytics.RegionStats}), kept by {@link
 * org.relva.matchmaking.analytics.QueueAnalytics}, which listens to the core's queue events.
 */
@NullMarked
package org.relva.matchmaking.analytics;

import org.jspecify.annotations.NullMarked;
