package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relva.discord.LiveBot.PATIENCE;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.relva.core.model.UserId;
import org.relva.testkit.discord.LocalDiscord;
import org.relva.testkit.discord.RestFault;
import org.relva.testkit.discord.SeenMessage;
import org.relva.testkit.discord.SentInteraction;

/**
 * Faults Discord really produces, injected into the local fake while the real bot runs: rate
 * limits, server errors, an answer that comes too late, a dropped gateway connection, an
 * interaction delivered twice. After each, {@link LiveBot#assertConsistent} checks that no party
 * lacks its thread and no thread lacks its party, that nobody is queued twice, and that every
 * user got an answer; each test also checks that nothing queued was lost.
 */
class EndToEndFaultTest {
  private static final String THREADS = "channels/\\d+/threads";
  /** Answers to commands: edits of the deferred original response. */
  private static final String ANSWERS = "webhooks/\\d+/[^/]+/messages/@original";
  private static final String MESSAGES = "channels/\\d+/messages";

  @Nested
  @DisplayName("rate limits (429 with retry_after)")
  class RateLimits {
    @Test
    @DisplayName("a rate-limited answer is sent again after retry_after, and arrives")
    void answer() {
      try (LiveBot live = LiveBot.start()) {
        live.discord.failNext("PATCH", ANSWERS, 1, RestFault.rateLimited(Duration.ofMillis(400)));
        SentInteraction join = live.lobby("Frank", "queue", "join", "region", "eu");

        assertThat(join.reply()).contains("You are in the queue");
        assertThat(live.discord.requests()).containsSubsequence(
            "PATCH webhooks/" + live.discord.botId() + "/" + join.token()
                + "/messages/@original -> 429",
            "PATCH webhooks/" + live.discord.botId() + "/" + join.token()
                + "/messages/@original -> 200");
        // JDA waits the whole seconds of Retry-After (retry_after rounded up), not less.
        assertThat(join.replyTime()).get().matches(t -> t.compareTo(Duration.ofMillis(900)) > 0);
        assertThat(join.ackTime()).get().matches(t -> t.compareTo(Duration.ofSeconds(3)) < 0);
        assertThat(live.discord.pendingFaults()).isZero();
        live.assertConsistent();
      }
    }

    @Test
    @DisplayName("a rate-limited thread creation waits its turn and the party is made")
    void threadCreation() {
      try (LiveBot live = LiveBot.start()) {
        live.discord.failNext("POST", THREADS, 1, RestFault.rateLimited(Duration.ofMillis(300)));
        SentInteraction create = live.lobby("Alice", "party", "create");

        assertThat(create.reply()).contains("is made");
        assertThat(live.discord.requests().stream().filter(r -> r.startsWith("POST channels"))
            .filter(r -> r.contains("/threads")).toList())
            .containsExactly("POST channels/" + live.discord.lobbyId() + "/threads -> 429",
                "POST channels/" + live.discord.lobbyId() + "/threads -> 201");
        assertThat(live.discord.threads()).hasSize(1);
        live.assertConsistent();
      }
    }
  }

  @Nested
  @DisplayName("server errors")
  class ServerErrors {
    @Test
    @DisplayName("a 500 on an answer is sent again (JDA does not retry a 500)")
    void answer() {
      try (LiveBot live = LiveBot.start()) {
        live.discord.failNext("PATCH", ANSWERS, 2, RestFault.serverError(500));
        SentInteraction join = live.lobby("Frank", "queue", "join", "region", "eu");

        assertThat(join.reply()).contains("You are in the queue");
        assertThat(join.replies()).hasSize(1);
        String original = "PATCH webhooks/" + live.discord.botId() + "/" + join.token()
            + "/messages/@original";
        assertThat(live.discord.requests().stream().filter(r -> r.contains(" webhooks/")))
            .containsExactly(original + " -> 500", original + " -> 500", original + " -> 200");
        live.assertConsistent();
      }
    }

    @Test
    @DisplayName("a 500 on the ready check's post is sent again: the players get their buttons")
    void readyCheck() {
      try (LiveBot live = LiveBot.start()) {
        LiveBot.TEN.subList(0, 9).forEach(live::queueSolo);
        live.discord.failNext("POST", MESSAGES, 1, RestFault.serverError(500));
        live.lobby("Judy", "queue", "join", "region", "eu").reply();

        SeenMessage pop = live.awaitReadyCheck(1);
        assertThat(pop.mentionedUsers()).hasSize(10);
        assertThat(live.discord.requests()).contains("POST channels/" + live.discord.lobbyId()
            + "/messages -> 500");
        live.assertConsistent();
      }
    }

    @Test
    @DisplayName("a 500 on thread creation: a clear error, no party, no thread; trying again works")
    void threadCreation() {
      try (LiveBot live = LiveBot.start()) {
        live.discord.failNext("POST", THREADS, 1, RestFault.serverError(500));
        SentInteraction refused = live.lobby("Alice", "party", "create");

        assertThat(refused.reply()).contains("Discord refused", "Try again later");
        assertThat(refused.awaitReply(PATIENCE).ephemeral()).isTrue();
        assertThat(live.relva().parties()).isEmpty();
        assertThat(live.discord.threads()).isEmpty();

        assertThat(live.lobby("Alice", "party", "create").reply()).contains("is made");
        assertThat(live.relva().parties()).hasSize(1);
        live.assertConsistent();
      }
    }

    @Test
    @DisplayName("a 502 on thread creation is retried by JDA itself, and the party is made")
    void badGateway() {
      try (LiveBot live = LiveBot.start()) {
        live.discord.failNext("POST", THREADS, 1, RestFault.serverError(502));

        assertThat(live.lobby("Alice", "party", "create").reply()).contains("is made");
        assertThat(live.discord.requests()).contains("POST channels/" + live.discord.lobbyId()
            + "/threads -> 502");
        assertThat(live.discord.threads()).hasSize(1);
        live.assertConsistent();
      }
    }
  }

  @Nested
  @DisplayName("an answer too late")
  class Timeouts {
    @Test
    @DisplayName("opening a thread times out: the user is told, and the thread Discord made anyway"
        + " is deleted")
    void threadCreation() {
      try (LiveBot live = LiveBot.start()) {
        live.discord.failNext("POST", THREADS, 1, RestFault.lateAnswer(Duration.ofSeconds(8)));
        SentInteraction create = live.lobby("Alice", "party", "create");

        SeenMessage told = create.awaitReply(PATIENCE);
        assertThat(told.text()).contains("did not answer in time");
        // The user heard back after the bot's request timeout, not Discord's late answer.
        assertThat(create.replyTime()).get()
            .matches(t -> t.compareTo(Duration.ofSeconds(6)) < 0);
        assertThat(live.relva().parties()).isEmpty();
        // Discord made the thread: for a while it has no party, then the bot deletes it.
        assertThat(live.discord.requests())
            .contains("POST channels/" + live.discord.lobbyId() + "/threads -> 201");
        live.discord.await("the orphan thread deleted", () -> live.discord.deletedChannels()
            .stream().anyMatch(c -> c.name().startsWith("Party [")), PATIENCE);
        assertThat(live.discord.threads()).isEmpty();
        live.assertConsistent();
      }
    }

    @Test
    @DisplayName("after a thread that came too late, trying again works once Discord has answered")
    void threadCreationTriedAgain() {
      try (LiveBot live = LiveBot.start()) {
        // Late for the bot (2s), but answered before the orphan is old enough to go (5s): JDA
        // sends a route's requests one at a time, so a retry waits behind a request in flight.
        live.discord.failNext("POST", THREADS, 1, RestFault.lateAnswer(Duration.ofSeconds(3)));
        assertThat(live.lobby("Alice", "party", "create").reply())
            .contains("did not answer in time");
        live.discord.await("the orphan thread deleted", () -> !live.discord.deletedChannels()
            .isEmpty(), PATIENCE);

        assertThat(live.lobby("Alice", "party", "create").reply()).contains("is made");
        assertThat(live.discord.threads()).hasSize(1);
        live.assertConsistent();
      }
    }

    @Test
    @DisplayName("adding the leader times out: the new thread is deleted, and no party is made")
    void leaderNotAdded() {
      try (LiveBot live = LiveBot.start()) {
        live.discord.failNext("PUT", "channels/\\d+/thread-members/\\d+", 1,
            RestFault.lateAnswer(Duration.ofSeconds(4)));
        SentInteraction create = live.lobby("Alice", "party", "create");

        assertThat(create.reply()).contains("did not answer in time");
        assertThat(live.relva().parties()).isEmpty();
        live.discord.await("the thread deleted", () -> live.discord.threads().isEmpty(),
            PATIENCE);
        live.assertConsistent();
      }
    }
  }

  @Test
  @DisplayName("after a restart, the party threads of the run before are deleted, and only those")
  void leftoversOfTheRunBefore() {
    LocalDiscord.Builder server = LiveBot.server()
        .leftoverThread("Party [Kold123]", Duration.ofHours(2))
        .leftoverThread("Party [Kold456]", Duration.ofMinutes(5))
        .leftoverThread("strategy talk", Duration.ofHours(2));
    try (LiveBot live = LiveBot.start(server, java.util.Map.of())) {
      live.discord.await("the two old party threads deleted", () -> live.discord.threads()
          .stream().noneMatch(t -> t.name().startsWith("Party [Kold")), PATIENCE);
      assertThat(live.discord.threads()).extracting(t -> t.name())
          .containsExactly("strategy talk");
      assertThat(live.lobby("Alice", "party", "create").reply()).contains("is made");
      assertThat(live.discord.threads()).hasSize(2);
    }
  }

  @Test
  @DisplayName("a moderator deletes a party's thread in Discord: the party is disbanded and leaves"
      + " the queue")
  void threadDeletedByHand() {
    try (LiveBot live = LiveBot.start()) {
      String code = LiveBot.joinCode(live.lobby("Alice", "party", "create"));
      live.lobby("Bob", "party", "join", "code", code).reply();
      live.party("Alice", "queue", "join").reply();
      live.lobby("Frank", "queue", "join", "region", "eu").reply();

      live.discord.deleteChannel(live.threadOf("Alice").id());

      live.discord.await("Alice's party disbanded", () -> live.relva().parties().isEmpty(),
          PATIENCE);
      assertThat(queued(live)).containsExactly("Frank");
      assertThat(plain(live.lobby("Bob", "party", "info").reply())).contains("not in a party");
      live.assertConsistent();
    }
  }

  @Test
  @DisplayName("a party's thread deleted during its ready check: the check is called off, nobody"
      + " at fault, and the solos keep their places")
  void threadDeletedDuringReadyCheck() {
    try (LiveBot live = LiveBot.start()) {
      String code = LiveBot.joinCode(live.lobby("Alice", "party", "create", "region", "eu"));
      live.lobby("Bob", "party", "join", "code", code).reply();
      live.party("Alice", "queue", "join").reply();
      List<String> solos = LiveBot.TEN.subList(2, 10);
      solos.forEach(live::queueSolo);
      live.awaitReadyCheck(1);
      assertThat(live.relva().openMatches()).hasSize(1);

      live.discord.deleteChannel(live.threadOf("Alice").id());

      live.discord.await("the ready check called off", () -> live.relva().openMatches()
          .isEmpty(), PATIENCE);
      assertThat(live.relva().parties()).isEmpty();
      assertThat(queued(live)).containsExactlyInAnyOrderElementsOf(solos);
      live.discord.await("the lobby told", () -> live.discord.messages(live.discord.lobbyId())
          .stream().anyMatch(m -> m.text().contains("cancelled")), PATIENCE);
      live.assertConsistent();
    }
  }

  @Nested
  @DisplayName("the gateway")
  class Gateway {
    @Test
    @DisplayName("dropped mid-flow: the bot resumes, gets what it missed, and answers everyone")
    void disconnectAndResume() {
      try (LiveBot live = LiveBot.start()) {
        String code = LiveBot.joinCode(live.lobby("Alice", "party", "create"));
        live.lobby("Frank", "queue", "join", "region", "eu").reply();

        // Bob's command is dispatched, then the connection drops before anything else; Carol's
        // and Grace's commands come while it is down, and Discord keeps them for the resume.
        SentInteraction bob = live.lobby("Bob", "party", "join", "code", code);
        live.discord.dropGateway();
        SentInteraction carol = live.lobby("Carol", "party", "join", "code", code);
        SentInteraction grace = live.lobby("Grace", "queue", "join", "region", "eu");

        live.discord.await("the bot back on the gateway", live.discord::gatewayConnected,
            PATIENCE);
        assertThat(live.discord.resumes()).isEqualTo(1);
        assertThat(live.discord.identifies()).isEqualTo(1);
        for (SentInteraction interaction : List.of(bob, carol, grace)) {
          interaction.awaitReply(PATIENCE);
          assertThat(interaction.refusals()).isEmpty();
          assertThat(interaction.ackTime()).get()
              .matches(t -> t.compareTo(Duration.ofSeconds(3)) < 0);
        }
        assertThat(live.relva().partyOf(UserId.of(live.user("Carol").id()))).isPresent();
        assertThat(queued(live)).containsExactlyInAnyOrder("Frank", "Grace");
        live.awaitInThread("Alice", "Bob", "Carol");
        live.assertConsistent();
      }
    }

    @Test
    @DisplayName("dropped during a ready check: the clicks made while it was down still count")
    void disconnectDuringReadyCheck() {
      try (LiveBot live = LiveBot.start()) {
        LiveBot.TEN.forEach(live::queueSolo);
        SeenMessage pop = live.awaitReadyCheck(1);
        String accept = pop.buttons().get(0);
        assertThat(accept).startsWith("relva:accept:");

        live.discord.dropGateway();
        List<SentInteraction> clicks = LiveBot.TEN.stream()
            .map(player -> live.discord.click(live.user(player), pop, accept)).toList();

        live.discord.await("the bot back on the gateway", live.discord::gatewayConnected,
            PATIENCE);
        clicks.forEach(click -> click.awaitReply(PATIENCE));
        live.discord.await("the match confirmed", () -> live.discord
            .messages(live.discord.lobbyId()).stream()
            .anyMatch(m -> m.text().contains("is on")), PATIENCE);
        assertThat(live.relva().openMatches()).singleElement()
            .satisfies(m -> assertThat(m.state().name()).isEqualTo("CONFIRMED"));
        live.assertConsistent();
      }
    }

    @Test
    @DisplayName("an interaction that reaches the bot after Discord's deadline does not run")
    void pastTheDeadline() {
      // As after a gateway outage longer than three seconds: Discord refuses the late
      // acknowledgement and shows the user "This interaction failed".
      try (LiveBot live = LiveBot.start(LiveBot.server().interactionDeadline(Duration.ZERO),
          java.util.Map.of())) {
        SentInteraction join = live.lobby("Frank", "queue", "join", "region", "eu");

        live.discord.await("the late acknowledgement refused", () -> !join.refusals().isEmpty(),
            PATIENCE);
        assertThat(join.refusals()).singleElement().asString().contains("past the deadline");
        assertThat(join.answered()).isFalse();
        // Frank was shown a failure, and his join did not happen.
        assertThat(live.relva().queue()).isEmpty();
        assertThat(live.discord.requests()).noneMatch(r -> r.contains(" webhooks/"));
        assertThat(live.discord.problems()).isEmpty();
      }
    }

    @Test
    @DisplayName("an interaction delivered twice runs once and is acknowledged once")
    void duplicateDelivery() {
      try (LiveBot live = LiveBot.start()) {
        SentInteraction join = live.lobby("Frank", "queue", "join", "region", "eu");
        live.discord.deliverAgain(join);
        join.awaitReply(PATIENCE);
        // And once more, long after the first was answered.
        live.discord.deliverAgain(join);
        SentInteraction status = live.lobby("Frank", "queue", "status");
        status.awaitReply(PATIENCE);

        assertThat(join.replies()).singleElement()
            .satisfies(r -> assertThat(r.text()).contains("You are in the queue"));
        assertThat(join.refusals()).isEmpty();
        assertThat(live.discord.requests().stream()
            .filter(r -> r.startsWith("POST interactions/" + join.id()))).hasSize(1);
        assertThat(queued(live)).containsExactly("Frank");
        live.assertConsistent();
      }
    }
  }

  private static Set<String> queued(LiveBot live) {
    return live.relva().queue().stream().flatMap(e -> e.entity().members().stream())
        .map(m -> live.discord.users().stream().filter(u -> u.id().equals(m.id().value()))
            .findFirst().orElseThrow().name())
        .collect(Collectors.toSet());
  }

  private static String plain(String text) {
    return text.replace("\\", "");
  }

}
