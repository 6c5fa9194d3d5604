package org.relva.matchmaking.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.relva.matchmaking.MatchFormat;
import org.relva.matchmaking.testing.BruteForce;

/** {@link Packing#feasible} against trying every choice of the available entities. */
class PackingProperties {

  record Question(MatchFormat format, boolean rule, List<Integer> fixed, List<Integer> available) {}

  @Provide
  Arbitrary<Question> questions() {
    Arbitrary<MatchFormat> formats = Arbitraries.of(MatchFormat.of(2, 5), MatchFormat.of(2, 3),
        MatchFormat.of(3, 2), MatchFormat.of(2, 4), MatchFormat.of(3, 3), MatchFormat.of(2, 2));
    Arbitrary<List<Integer>> fixed = Arbitraries.integers().between(0, 2).list().ofSize(6);
    Arbitrary<List<Integer>> available = Arbitraries.integers().between(0, 3).list().ofSize(6);
    return Combinators.combine(formats, Arbitraries.of(true, false), fixed, available)
        .as(Question::new);
  }

  @Property(tries = 500)
  void feasible_agreesWithBruteForce(@ForAll("questions") Question q) {
    Packing packing = new Packing(q.format(), q.rule());
    int classes = packing.classes();
    int[] fixed = new int[classes];
    int[] available = new int[classes];
    for (int c = 0; c < classes; c++) {
      fixed[c] = c == 0 ? q.fixed().get(c) : Math.min(1, q.fixed().get(c));
      available[c] = q.available().get(c);
    }
    boolean expected = bruteForce(packing, q.format(), fixed, available, new int[classes], 0);
    Statistics.label("feasible").collect(expected);
    assertThat(packing.feasible(fixed, available)).isEqualTo(expected);
    // Asked twice, the memo answers the same.
    assertThat(packing.feasible(fixed, available)).isEqualTo(expected);
    Statistics.label("feasible").coverage(c -> {
      c.check(true).percentage(p -> p > 10);
      c.check(false).percentage(p -> p > 10);
    });
  }

  /** Whether some choice of extras up to {@code available}, added to {@code fixed}, packs. */
  private static boolean bruteForce(Packing packing, MatchFormat format, int[] fixed,
      int[] available, int[] extra, int c) {
    if (c == fixed.length) {
      List<Integer> sizes = new ArrayList<>();
      boolean strict = false;
      for (int k = 0; k < fixed.length; k++) {
        for (int i = 0; i < fixed[k] + extra[k]; i++) {
          sizes.add(packing.sizeOf(k));
        }
        strict |= packing.isStrict(k) && fixed[k] + extra[k] > 0;
      }
      return BruteForce.packs(sizes.stream().mapToInt(Integer::intValue).toArray(), format, strict);
    }
    for (int e = 0; e <= available[c]; e++) {
      extra[c] = e;
      if (bruteForce(packing, format, fixed, available, extra, c + 1)) {
        return true;
      }
    }
    extra[c] = 0;
    return false;
  }
}
