/**
 * jqwik generators for Relva's domain. {@link org.relva.testkit.arbitraries.RelvaArbitraries} is
 * the entry point; its providers are registered with jqwik, so {@code @ForAll Party party},
 * {@code @ForAll SoloPlayer solo}, {@code @ForAll Member member} and {@code @ForAll Region region}
 * work in any property without a {@code @Provide} method.
 */
@NullMarked
package org.relva.testkit.arbitraries;

import org.jspecify.annotations.NullMarked;
