/**
 * Key-value stores: the {@link org.relva.core.store.KeyValueStore} interface and its in-memory
 * implementation, {@link org.relva.core.store.KeyValueStore#inMemory()}; and the port to a durable
 * copy of them, {@link org.relva.core.store.StateJournal}, with the
 * {@link org.relva.core.store.ChangeLog} that collects one operation's writes to commit or undo.
 */
@NullMarked
package org.relva.core.store;

import org.jspecify.annotations.NullMarked;
