package org.relva.matchmaking.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.core.event.MatchEvent;
import org.relva.core.model.MatchResult;
import org.relva.core.model.Member;
import org.relva.matchmaking.rating.Rating;

class RatingBookConcurrencyTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  @DisplayName("threads applying results (each delivered twice) and setting ratings lose no game "
      + "and count none twice")
  void concurrentUpdates_loseNothing() throws Exception {
    List<Member> players = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      players.add(Member.of("3000" + i, "p" + i));
    }
    int threads = 4;
    int perThread = 250;
    List<List<MatchEvent.Finished>> work = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<MatchEvent.Finished> mine = new ArrayList<>();
      for (int m = 0; m < perThread; m++) {
        int number = t * perThread + m;
        // Ten players of twenty, overlapping between threads.
        int offset = number % 11;
        mine.add(Finished.match(number, List.of(players.subList(offset, offset + 5),
            players.subList(offset + 5, offset + 10)), MatchResult.win(number % 2), AT));
      }
      work.add(mine);
    }
    RatingBook book = RatingBook.builder().build();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      List<Future<Integer>> applied = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        // Each thread delivers its own matches and then its neighbour's, so every match arrives
        // twice, from two threads at about the same time.
        List<MatchEvent.Finished> own = work.get(t);
        List<MatchEvent.Finished> neighbours = work.get((t + 1) % threads);
        applied.add(pool.submit(() -> {
          start.await();
          int count = 0;
          for (int m = 0; m < perThread; m++) {
            count += book.apply(own.get(m)) ? 1 : 0;
            count += book.apply(neighbours.get(m)) ? 1 : 0;
          }
          return count;
        }));
      }
      Future<?> admin = pool.submit(() -> {
        start.await();
        for (int i = 0; i < 200; i++) {
          book.setRating(RatingKey.global(players.get(19).id()), new Rating(25, 8));
        }
        return null;
      });
      start.countDown();
      int total = 0;
      for (Future<Integer> f : applied) {
        total += f.get(30, TimeUnit.SECONDS);
      }
      admin.get(30, TimeUnit.SECONDS);

      assertThat(total).isEqualTo(threads * perThread);
      int games = 0;
      for (Member player : players) {
        PlayerRecord record = book.stats(player.id()).record();
        games += record.games();
        assertThat(record.wins() + record.losses()).isEqualTo(record.games());
      }
      assertThat(games).isEqualTo(threads * perThread * 10);
    } finally {
      pool.shutdownNow();
    }
  }
}
