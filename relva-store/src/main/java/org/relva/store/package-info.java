/**
 * Relva's durable {@link org.relva.core.store.StateJournal}: every store's entries in one table of
 * SQLite (embedded, the default) or PostgreSQL, in scopes (one a Discord server); and, for several
 * processes on one PostgreSQL, the {@link org.relva.store.ServerLeases} that keep two from serving
 * one Discord server. Everything is created through {@link org.relva.store.RelvaStore}; the rest
 * of the package is hidden.
 */
@NullMarked
package org.relva.store;

import org.jspecify.annotations.NullMarked;
