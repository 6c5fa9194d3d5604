/**
 * Relva's core: parties and the queue of {@code party-and-queue-spec.txt}, behind key-value
 * stores, with an event bus. Everything starts at {@link org.relva.core.Relva#builder()}.
 *
 * <p>Nothing in this package or below it knows Discord: users, channels and parties are opaque ids,
 * and a front end (the Discord adapter, the offline console, a test) translates. Refusals carry a
 * neutral message and a typed {@link org.relva.core.RefusalDetail}, for a front end to word.
 *
 * <p>Where each rule lives: {@link org.relva.core.Relva} is the surface; {@code Guard} owns the
 * lock and runs the effects; package-private parts hold the rules, one room each.
 * {@code Access}: who may do what, and where
 * (the channel rule, the leader rule, whether "queue me" means the party or the user alone).
 * {@code Parties}: making, joining, leaving and leading a party, and the join-code rules.
 * {@code JoinCodeGuard}: the limit on wrong join codes. {@code Ids}: ids and join codes.
 * {@code Queueing}: queueing, leaving and the pop. {@code QueueIndex}: the queue's bookkeeping,
 * order and stays. {@code QueueBlocks}: bans, dodge cooldowns and blocks while in a match.
 * {@code MapVotes}: a confirmed match's map vote. {@code Drafts}: the captains' draft that sets a
 * confirmed match's teams. {@code ReadyChecks}: a match after its pop, its ready check, results, a
 * moderator's correction of a finished match's result, and deadlines (their lengths are settings,
 * in {@link org.relva.core.MatchRules}). {@code Substitutes}: asking for, taking and swapping a
 * place in an open match. {@code Moderation}: a moderator's bans and disbands. {@code StateCheck}: the invariants a restored state must keep.
 * {@code Journaling}: restoring from a {@link org.relva.core.store.StateJournal}, committing each
 * operation through it, and undoing one whose commit failed. All state that must outlive the
 * process is in {@link org.relva.core.RelvaStores}.
 */
@NullMarked
package org.relva.core;

import org.jspecify.annotations.NullMarked;
