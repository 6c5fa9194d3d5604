package org.relva.testkit.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.relva.core.Outcome;
import org.relva.core.Relva;
import org.relva.core.event.QueueEvent;
import org.relva.core.event.RelvaEvent;
import org.relva.core.model.ChannelId;
import org.relva.core.model.MatchRecord;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.core.model.QueueEntry;
import org.relva.core.model.UserId;
import org.relva.matchmaking.MatchmakingConfig;
import org.relva.matchmaking.QueueDaemon;
import org.relva.matchmaking.Ratings;
import org.relva.matchmaking.rating.RatingSystem;
import org.relva.matchmaking.stats.RatingBook;
import org.relva.testkit.FakePartyChannels;
import org.relva.testkit.ManualExecutor;
import org.relva.testkit.MutableClock;

/**
 * A deterministic simulation of a community that plays for a long time: players with hidden true
 * skills queue again and again, the real queue daemon makes matches from the ratings a {@link
 * RatingBook} learns, and a {@link Report} says how well the ratings found the true order and how
 * even the matches were.
 *
 * <h2>The model</h2>
 * Each player has a true skill drawn from the standard normal distribution, which nothing but the
 * outcome sees. All play solo in the default region. A round queues every idle player (in a
 * shuffled order), lets the daemon pop what it can on a {@link ManualExecutor}, has every player
 * accept, and plays each match: every player performs at their true skill plus normal noise of
 * standard deviation {@link Builder#performanceNoise}, a team's performance is its players' sum,
 * and the higher sum wins (so team 0 wins with probability {@code Phi((T0 - T1) / (noise *
 * sqrt(players)))} for true-skill sums {@code T}). The smallest majority of the players reports the
 * result, the core finishes the match, the book, attached to the core's bus, rates it, and the
 * players are idle again. Then the clock moves on by {@link Builder#step} and the daemon ticks,
 * so players left waiting see their rating window widen. A run is repeatable to the last event
 * for a seed.
 *
 * <h2>The figures</h2>
 * <ul>
 *   <li>Rank correlation: Spearman's correlation between the true skills and the book's ordinals
 *       (the leaderboard's order), at every checkpoint and at the end. 1 is the true order.
 *   <li>Favoured win rate: how often the team with the higher mean matchmaking rating won, over
 *       the second half of the run (when ratings have had time to settle), among matches whose
 *       teams' ratings differed. Near 0.5 means the matchmaker's balanced teams really are even;
 *       well above it, that ratings predict results the balancing failed to even out.
 *   <li>True edge: the mean over the same matches of {@code |P(team 0 wins) - 1/2|} from the true
 *       skills, beside the same for a random split of the same players into teams of the same
 *       sizes: how much of the imbalance the split removed.
 * </ul>
 *
 * <p>Limits: one region, solo players only (parties would tie skills together and slow the
 * learning of each), everyone plays as often as everyone else, skills never drift, nobody leaves,
 * declines or reports falsely, and draws never happen. This class is not thread-safe: build and
 * run one simulation on one thread.
 */
public final class RatingSimulation {
  private final Builder settings;

  private RatingSimulation(Builder settings) {
    this.settings = settings;
  }

  /** A builder for 100 players and 2,000 matches with OpenSkill and the default matchmaking. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs the simulation. */
  public Report run() {
    SplittableRandom random = new SplittableRandom(settings.seed);
    MutableClock clock = MutableClock.atEpochOfTests();
    Relva relva = Relva.builder()
        .channels(new FakePartyChannels())
        .clock(clock)
        .random(new SplittableRandom(settings.seed + 1))
        .build();
    RatingBook book = RatingBook.builder().system(settings.system).build();
    book.attach(relva.events());
    Ratings ratings = book.asRatings();
    List<RelvaEvent> history = new ArrayList<>();
    relva.events().subscribe(QueueEvent.class, history::add);
    List<String> problems = new ArrayList<>();
    ManualExecutor passes = new ManualExecutor();
    QueueDaemon daemon = QueueDaemon.builder(relva)
        .config(settings.matchmaking)
        .ratings(ratings)
        .clock(clock)
        .executor(passes)
        .listener(new ProblemLog(problems))
        .build();
    daemon.start();

    List<Member> players = new ArrayList<>();
    Map<UserId, Double> skill = new HashMap<>();
    double[] trueSkills = new double[settings.players];
    for (int i = 0; i < settings.players; i++) {
      Member member = Member.of(Long.toString(300_000_000_000_000_000L + i), "sim" + i);
      players.add(member);
      trueSkills[i] = random.nextGaussian();
      skill.put(member.id(), trueSkills[i]);
    }

    ChannelId lobby = relva.config().lobby();
    List<Member> idle = new ArrayList<>(players);
    List<Checkpoint> checkpoints = new ArrayList<>();
    int played = 0;
    int measuredFrom = settings.matches / 2;
    int favoured = 0;
    int favouredWins = 0;
    double edge = 0;
    double randomEdge = 0;
    int measured = 0;
    int idleRounds = 0;
    while (played < settings.matches) {
      shuffle(idle, random);
      for (Member member : idle) {
        check(relva.joinQueue(member, lobby, null), "join", problems);
      }
      idle.clear();
      passes.runAll();

      int before = played;
      for (MatchRecord match : relva.openMatches()) {
        if (played == settings.matches) {
          break;
        }
        for (Member player : match.players()) {
          check(relva.acceptMatch(player.id(), match.id()), "accept", problems);
        }
        List<List<Double>> teams = teamSkills(match, skill);
        double[] means = new double[2];
        for (int t = 0; t < 2; t++) {
          means[t] = match.teams().get(t).stream().flatMap(e -> e.entity().members().stream())
              .mapToDouble(m -> ratings.rating(m.id())).average().orElseThrow();
        }
        double[] performed = performances(teams, random);
        int winner = performed[0] >= performed[1] ? 0 : 1;
        if (played >= measuredFrom) {
          measured++;
          edge += Math.abs(winProbability(teams) - 0.5);
          randomEdge += Math.abs(winProbability(randomSplit(teams, random)) - 0.5);
          if (means[0] != means[1]) {
            favoured++;
            favouredWins += (means[0] > means[1]) == (winner == 0) ? 1 : 0;
          }
        }
        List<Member> everyone = match.players();
        for (Member player : everyone.subList(0, everyone.size() / 2 + 1)) {
          check(relva.reportResult(player.id(), match.id(), MatchResult.win(winner)), "report",
              problems);
        }
        if (relva.match(match.id()).map(MatchRecord::state).orElseThrow()
            != MatchRecord.State.FINISHED) {
          problems.add("match " + match.id() + " did not finish");
        }
        idle.addAll(everyone);
        played++;
        if (played % settings.checkpointEvery == 0 || played == settings.matches) {
          checkpoints.add(new Checkpoint(played, rankCorrelation(trueSkills,
              ordinals(book, players))));
        }
      }
      clock.advance(settings.step);
      daemon.tick();
      passes.runAll();
      idleRounds = played == before ? idleRounds + 1 : 0;
      if (idleRounds > 100) {
        problems.add("no match for 100 rounds after " + played + " matches; "
            + relva.queue().size() + " queued");
        break;
      }
    }
    daemon.stop();
    problems.addAll(MatchInvariants.historyViolations(history));
    return new Report(settings.players, played, checkpoints,
        checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).rankCorrelation(),
        favoured == 0 ? 0.5 : (double) favouredWins / favoured, favoured,
        measured == 0 ? 0 : edge / measured, measured == 0 ? 0 : randomEdge / measured, problems);
  }

  private static void check(Outcome<?> outcome, String what, List<String> problems) {
    outcome.failure().ifPresent(f -> problems.add(what + " refused: " + f.message()));
  }

  private static List<List<Double>> teamSkills(MatchRecord match, Map<UserId, Double> skill) {
    List<List<Double>> teams = new ArrayList<>();
    for (List<QueueEntry> team : match.teams()) {
      List<Double> skills = new ArrayList<>();
      team.forEach(e -> e.entity().members().forEach(m -> skills.add(skill.get(m.id()))));
      teams.add(skills);
    }
    return teams;
  }

  private double[] performances(List<List<Double>> teams, SplittableRandom random) {
    double[] sums = new double[teams.size()];
    for (int t = 0; t < sums.length; t++) {
      for (double s : teams.get(t)) {
        sums[t] += s + settings.performanceNoise * random.nextGaussian();
      }
    }
    return sums;
  }

  /** The chance that team 0 outperforms team 1, from the true skills. */
  private double winProbability(List<List<Double>> teams) {
    double gap = 0;
    int count = 0;
    for (int t = 0; t < 2; t++) {
      for (double s : teams.get(t)) {
        gap += t == 0 ? s : -s;
        count++;
      }
    }
    double spread = settings.performanceNoise * Math.sqrt(count);
    if (spread == 0) {
      return gap > 0 ? 1 : gap < 0 ? 0 : 0.5;
    }
    return normalCdf(gap / spread);
  }

  private static List<List<Double>> randomSplit(List<List<Double>> teams,
      SplittableRandom random) {
    List<Double> all = new ArrayList<>();
    teams.forEach(all::addAll);
    shuffle(all, random);
    int first = teams.get(0).size();
    return List.of(all.subList(0, first), all.subList(first, all.size()));
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      Collections.swap(list, i, random.nextInt(i + 1));
    }
  }

  private static double[] ordinals(RatingBook book, List<Member> players) {
    double[] ordinals = new double[players.size()];
    for (int i = 0; i < ordinals.length; i++) {
      ordinals[i] = book.stats(players.get(i).id()).ordinal();
    }
    return ordinals;
  }

  /**
   * The standard normal distribution function, by the Abramowitz-Stegun 7.1.26 approximation of
   * erf (absolute error below 1.5e-7, plenty for a mean of win probabilities).
   */
  private static double normalCdf(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * z);
    double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741
        + t * (-1.453152027 + t * 1.061405429))));
    double erf = 1 - poly * Math.exp(-z * z);
    return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }

  /**
   * Spearman's rank correlation of {@code x} and {@code y}: Pearson's correlation of their ranks,
   * ties taking the mean of the ranks they span. 1 when the orders agree, -1 when they are
   * reversed; 0 when either has no spread (all values equal).
   *
   * @throws IllegalArgumentException if the arrays differ in length or have fewer than 2 values
   */
  public static double rankCorrelation(double[] x, double[] y) {
    checkArgument(x.length == y.length, "x has %s values and y %s", x.length, y.length);
    checkArgument(x.length >= 2, "a rank correlation needs 2 values or more, got %s", x.length);
    double[] rx = ranks(x);
    double[] ry = ranks(y);
    double mean = (x.length + 1) / 2.0;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      double dx = rx[i] - mean;
      double dy = ry[i] - mean;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  }

  /** 1-based ranks, ties averaged. */
  private static double[] ranks(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] ranks = new double[values.length];
    for (int start = 0; start < order.length; ) {
      int end = start;
      while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      double rank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = rank;
      }
      start = end + 1;
    }
    return ranks;
  }

  /**
   * The rank correlation after some matches.
   *
   * @param matches matches played so far
   * @param rankCorrelation Spearman's correlation of true skills and ordinals then
   */
  public record Checkpoint(int matches, double rankCorrelation) {}

  /**
   * What a simulation saw; see the class comment for the figures.
   *
   * @param players players in the community
   * @param matches matches played to the end
   * @param checkpoints the rank correlation every {@link Builder#checkpointEvery} matches and at
   *     the end
   * @param rankCorrelation the rank correlation at the end
   * @param favouredWinRate how often the higher-rated team won, in the second half; 0.5 if no
   *     match there had a higher-rated team
   * @param favouredMatches the second-half matches whose teams' ratings differed
   * @param trueEdge the mean {@code |P(team 0 wins) - 1/2|} of the second half's teams
   * @param randomSplitEdge the same for random splits of the same players
   * @param problems anything that went wrong: rejected or refused proposals, refused commands,
   *     daemon errors, broken queue history; empty in a healthy run
   */
  public record Report(int players, int matches, List<Checkpoint> checkpoints,
      double rankCorrelation, double favouredWinRate, int favouredMatches, double trueEdge,
      double randomSplitEdge, List<String> problems) {
    public Report {
      checkpoints = ImmutableList.copyOf(checkpoints);
      problems = ImmutableList.copyOf(problems);
    }

    @Override
    public String toString() {
      StringBuilder curve = new StringBuilder();
      for (Checkpoint c : checkpoints) {
        curve.append(String.format(Locale.ROOT, " %d:%.3f", c.matches(), c.rankCorrelation()));
      }
      return String.format(Locale.ROOT, "%d players, %d matches: rank correlation %.3f "
              + "(by matches:%s); higher-rated team won %.1f%% of %d second-half matches; true "
              + "edge %.3f (random split %.3f); %d problems",
          players, matches, rankCorrelation, curve, 100 * favouredWinRate, favouredMatches,
          trueEdge, randomSplitEdge, problems.size());
    }
  }

  /** The settings of a simulation. Every setter validates its value. */
  public static final class Builder {
    private long seed = 1;
    private int players = 100;
    private int matches = 2_000;
    private double performanceNoise = 0.5;
    private RatingSystem system = RatingSystem.openSkill();
    private MatchmakingConfig matchmaking = MatchmakingConfig.defaults();
    private int checkpointEvery = 250;
    private Duration step = Duration.ofSeconds(30);

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * How many players; at least as many as one match takes (10 for the default 5v5), and the
     * format must be solo-friendly and two teams.
     */
    public Builder players(int players) {
      checkArgument(players >= 2, "players must be at least 2, got %s", players);
      this.players = players;
      return this;
    }

    /** How many matches to play. */
    public Builder matches(int matches) {
      checkArgument(matches >= 1, "matches must be at least 1, got %s", matches);
      this.matches = matches;
      return this;
    }

    /**
     * The standard deviation of a player's performance around their true skill, in units of the
     * spread of true skills: 0.5 by default, the ratio OpenSkill's defaults assume ({@code beta}
     * is half the initial {@code sigma}); 1 makes luck count as much as a standard deviation of
     * skill. 0 makes the stronger team always win.
     */
    public Builder performanceNoise(double noise) {
      checkArgument(Double.isFinite(noise) && noise >= 0,
          "performanceNoise must be finite and not negative, got %s", noise);
      this.performanceNoise = noise;
      return this;
    }

    /** The rating system of the book. */
    public Builder system(RatingSystem system) {
      this.system = requireNonNull(system, "system");
      return this;
    }

    /** The matchmaking; it must make two-team matches. */
    public Builder matchmaking(MatchmakingConfig config) {
      requireNonNull(config, "config");
      checkArgument(config.format().teams() == 2,
          "the rating simulation plays two-team matches, got %s", config.format());
      this.matchmaking = config;
      return this;
    }

    /** How often to take the rank correlation, in matches. */
    public Builder checkpointEvery(int matches) {
      checkArgument(matches >= 1, "checkpointEvery must be at least 1, got %s", matches);
      this.checkpointEvery = matches;
      return this;
    }

    /** How far the clock moves between rounds; waits widen the rating window. */
    public Builder step(Duration step) {
      checkArgument(!step.isNegative() && !step.isZero(), "step must be positive, got %s", step);
      this.step = step;
      return this;
    }

    /**
     * The simulation.
     *
     * @throws IllegalArgumentException if there are fewer players than one match takes
     */
    public RatingSimulation build() {
      int needed = matchmaking.format().players();
      checkArgument(players >= needed, "a %s match takes %s players, but there are only %s",
          matchmaking.format(), needed, players);
      return new RatingSimulation(this);
    }
  }
}
