package org.relva.matchmaking.builtin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.relva.core.model.Party;
import org.relva.matchmaking.MatchFormat;

/**
 * Decides whether some entities can still become a match: the exact packing problem behind both
 * built-ins, solved on counts rather than on entities.
 *
 * <p>Only sizes matter for packing, and sizes are small (1 to {@value Party#MAX_SIZE}), so an
 * entity is reduced to its <em>class</em>: its size, except that with the full-party rule a party
 * that fills a whole team is either <em>strict</em> (still insisting on facing parties) or
 * <em>relaxed</em>. A team is then one of the few <em>team shapes</em>, the partitions of the team
 * size into parts of at most five (7 of them for five a side), and a match is a multiset of
 * {@code teams} shapes: 28 for 5v5, at most a few tens of thousands for the largest format
 * allowed. {@link #feasible} asks whether one of those multisets takes every entity already chosen
 * and otherwise only entities still available; the search is a depth-first walk over shape
 * multisets, pruned by the counts, and memoised on the (capped) counts, so a pass asks each
 * distinct question once.
 *
 * <p>The full-party rule: a match with a strict full party must not contain a team made only of
 * solo players, so a multiset with the all-solo shape may fill its full-party shapes only with
 * relaxed parties.
 *
 * <p>Not thread-safe (the memo); one per pass.
 */
final class Packing {
  private final int teams;
  private final int teamSize;
  private final int maxSize;
  private final boolean rule;
  private final int classes;
  private final int[] classSize;
  private final int[] classCap;
  private final int relaxedClass;
  /**
   * The team shapes of every team size a format can have, index 1 to
   * {@code MatchFormat.MAX_PLAYERS / 2}: they depend on the team size alone, and a pass over a
   * short queue would otherwise spend a good part of its time making them again. Never written
   * after class initialisation.
   */
  private static final Shapes[] SHAPES = new Shapes[MatchFormat.MAX_PLAYERS / 2 + 1];

  static {
    for (int size = 1; size < SHAPES.length; size++) {
      SHAPES[size] = new Shapes(size);
    }
  }

  private final int[][] shapes;
  private final boolean[] soloShape;
  private final Memo memo = new Memo();

  // Scratch for one search.
  private final int[] fixedBySize;
  private final int[] upperBySize;
  private final int[] demand;
  private final int[] found;
  private int fixedStrict;
  private int fixedRelaxed;
  private int upperRelaxed;

  /**
   * @param format the match format
   * @param rule whether full parties are told apart as strict or relaxed
   */
  Packing(MatchFormat format, boolean rule) {
    this.teams = format.teams();
    this.teamSize = format.teamSize();
    this.maxSize = Math.min(teamSize, Party.MAX_SIZE);
    this.rule = rule && ruleApplies(format);
    this.classes = maxSize + (this.rule ? 1 : 0);
    this.relaxedClass = this.rule ? maxSize : -1;
    this.classSize = new int[classes];
    this.classCap = new int[classes];
    for (int c = 0; c < classes; c++) {
      classSize[c] = c == relaxedClass ? teamSize : c + 1;
      classCap[c] = format.players() / classSize[c];
    }
    this.fixedBySize = new int[maxSize + 1];
    this.upperBySize = new int[maxSize + 1];
    this.demand = new int[maxSize + 1];
    Shapes known = SHAPES[teamSize];
    this.shapes = known.shapes;
    this.soloShape = known.solo;
    this.found = new int[shapes.length];
  }

  /** Whether a format has full-team parties that solo teams could face: 2 to 5 a side. */
  static boolean ruleApplies(MatchFormat format) {
    return format.teamSize() >= 2 && format.teamSize() <= Party.MAX_SIZE;
  }

  /** The number of classes. */
  int classes() {
    return classes;
  }

  /** The class of an entity of {@code size} (which fits the format); {@code relaxed} for full parties. */
  int classOf(int size, boolean relaxed) {
    return rule && relaxed && size == teamSize ? relaxedClass : size - 1;
  }

  /** The players in an entity of class {@code c}. */
  int sizeOf(int c) {
    return classSize[c];
  }

  /** Whether class {@code c} is that of strict full parties. */
  boolean isStrict(int c) {
    return rule && c == teamSize - 1;
  }

  /**
   * Whether the entities counted in {@code fixed} (by class), plus some of those counted in
   * {@code available}, can make exactly one match.
   */
  boolean feasible(int[] fixed, int[] available) {
    long key = 0;
    for (int c = 0; c < classes; c++) {
      int cap = classCap[c];
      int f = fixed[c];
      if (f > cap) {
        return false;
      }
      int upper = f + Math.min(available[c], cap - f);
      key = (key * (cap + 1) + f) * (cap + 1) + upper;
    }
    int known = memo.get(key);
    if (known != Memo.ABSENT) {
      return known == Memo.TRUE;
    }
    boolean result = search(fixed, available);
    memo.put(key, result);
    return result;
  }

  /**
   * The team shapes of one way to split exactly the entities counted in {@code chosen} (by class)
   * into teams, each shape the number of entities of each size (index 1 to 5) on one team; null if
   * they do not make a match. The full-party rule is not applied: this serves {@code fifo}.
   */
  int @Nullable [][] shapes(int[] chosen) {
    int[] none = new int[classes];
    if (!search(chosen, none)) {
      return null;
    }
    int[][] teamsShapes = new int[teams][];
    int t = 0;
    for (int type = 0; type < shapes.length; type++) {
      for (int n = 0; n < found[type]; n++) {
        teamsShapes[t++] = shapes[type].clone();
      }
    }
    return teamsShapes;
  }

  private boolean search(int[] fixed, int[] available) {
    Arrays.fill(fixedBySize, 0);
    Arrays.fill(upperBySize, 0);
    for (int c = 0; c < classes; c++) {
      int size = classSize[c];
      fixedBySize[size] += fixed[c];
      upperBySize[size] += fixed[c] + available[c];
    }
    fixedStrict = rule ? fixed[teamSize - 1] : 0;
    fixedRelaxed = rule ? fixed[relaxedClass] : 0;
    upperRelaxed = rule ? fixed[relaxedClass] + available[relaxedClass] : 0;
    Arrays.fill(demand, 0);
    Arrays.fill(found, 0);
    return walk(0, teams, false);
  }

  private boolean walk(int from, int teamsLeft, boolean anySoloTeam) {
    int missing = 0;
    for (int s = 1; s <= maxSize; s++) {
      missing += Math.max(0, fixedBySize[s] - demand[s]) * s;
    }
    if (missing > teamsLeft * teamSize) {
      return false;
    }
    if (teamsLeft == 0) {
      return !rule || !anySoloTeam
          || (fixedStrict == 0 && demand[teamSize] <= upperRelaxed && demand[teamSize] >= fixedRelaxed);
    }
    for (int t = from; t < shapes.length; t++) {
      int[] shape = shapes[t];
      boolean fits = true;
      for (int s = 1; s <= maxSize; s++) {
        demand[s] += shape[s];
        fits &= demand[s] <= upperBySize[s];
      }
      found[t]++;
      boolean done = fits && walk(t, teamsLeft - 1, anySoloTeam || soloShape[t]);
      for (int s = 1; s <= maxSize; s++) {
        demand[s] -= shape[s];
      }
      if (done) {
        return true; // found holds the multiset
      }
      found[t]--;
    }
    return false;
  }

  /**
   * The team shapes of one team size: every partition of it into parts of at most
   * {@value Party#MAX_SIZE}, as counts of parts by size (index 1 to 5), and whether each is the
   * all-solo shape. Immutable once made.
   */
  private static final class Shapes {
    final int[][] shapes;
    final boolean[] solo;

    Shapes(int teamSize) {
      List<int[]> found = new ArrayList<>();
      int largest = Math.min(teamSize, Party.MAX_SIZE);
      add(found, new int[largest + 1], teamSize, largest);
      shapes = found.toArray(new int[0][]);
      solo = new boolean[shapes.length];
      for (int t = 0; t < shapes.length; t++) {
        solo[t] = teamSize >= 2 && shapes[t][1] == teamSize;
      }
    }

    /** Adds every partition of {@code remaining} into parts of at most {@code largest}. */
    private static void add(List<int[]> found, int[] parts, int remaining, int largest) {
      if (remaining == 0) {
        found.add(parts.clone());
        return;
      }
      for (int part = Math.min(remaining, largest); part >= 1; part--) {
        parts[part]++;
        add(found, parts, remaining - part, part);
        parts[part]--;
      }
    }
  }

  /**
   * The memo of {@link #feasible}: an open-addressing map from the question's key to its answer,
   * on primitives, since a pass asks it a few times per match and boxing a {@code Long} per
   * question showed up in profiles of passes over 100,000 entities.
   */
  private static final class Memo {
    static final byte ABSENT = 0;
    static final byte FALSE = 1;
    static final byte TRUE = 2;

    private long[] keys = new long[16];
    private byte[] answers = new byte[16];
    private int size;

    int get(long key) {
      int mask = keys.length - 1;
      for (int i = slot(key, mask); ; i = (i + 1) & mask) {
        byte answer = answers[i];
        if (answer == ABSENT || keys[i] == key) {
          return answer;
        }
      }
    }

    void put(long key, boolean answer) {
      if (2 * (size + 1) > keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      int i = slot(key, mask);
      while (answers[i] != ABSENT && keys[i] != key) {
        i = (i + 1) & mask;
      }
      if (answers[i] == ABSENT) {
        size++;
      }
      keys[i] = key;
      answers[i] = answer ? TRUE : FALSE;
    }

    private void grow() {
      long[] oldKeys = keys;
      byte[] oldAnswers = answers;
      keys = new long[2 * oldKeys.length];
      answers = new byte[2 * oldKeys.length];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldAnswers[i] != ABSENT) {
          put(oldKeys[i], oldAnswers[i] == TRUE);
        }
      }
    }

    private static int slot(long key, int mask) {
      long mixed = key * 0x9E3779B97F4A7C15L;
      return (int) (mixed ^ (mixed >>> 32)) & mask;
    }
  }
}
