/**
 * Contract kits: abstract tests that an implementation extends in a few lines to be held to the
 * same contract as Relva's own. Start with {@link org.relva.testkit.store.KeyValueStoreContract}.
 */
@NullMarked
package org.relva.testkit.store;

import org.jspecify.annotations.NullMarked;
