/**
 * Test support for anyone embedding Relva: fakes of its ports ({@link
 * org.relva.testkit.FakePartyChannels}), a clock and an executor that tests drive ({@link
 * org.relva.testkit.MutableClock}, {@link org.relva.testkit.ManualExecutor}), and the core's
 * invariants as assertions ({@link org.relva.testkit.RelvaInvariants}). Contract kits live in
 * {@code org.relva.testkit.store}.
 */
@NullMarked
package org.relva.testkit;

import org.jspecify.annotations.NullMarked;
