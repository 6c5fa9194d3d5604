/**
 * Relva's events and the typed {@link org.relva.core.event.EventBus} that delivers them. Events
 * form the sealed family {@link org.relva.core.event.RelvaEvent}: the party's own events and the
 * spec's queue events (partyJoin, partyLeave, soloJoin, soloLeave, queuePop).
 */
@NullMarked
package org.relva.core.event;

import org.jspecify.annotations.NullMarked;
