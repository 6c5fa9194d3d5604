/**
 * Key-value stores: the {@link org.relva.core.store.KeyValueStore} interface and its in-memory
 * implementation, {@link org.relva.core.store.KeyValueStore#inMemory()}.
 */
@NullMarked
package org.relva.core.store;

import org.jspecify.annotations.NullMarked;
