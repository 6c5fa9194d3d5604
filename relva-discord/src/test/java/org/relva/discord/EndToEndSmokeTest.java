package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndToEndSmokeTest {
  @Test
  void connects_registers_and_answers() {
    try (LiveBot live = LiveBot.start()) {
      assertThat(live.discord.registeredCommands()).contains("party", "queue", "match");
      var create = live.lobby("Alice", "party", "create", "region", "eu");
      System.out.println("REPLY " + create.reply());
      live.assertConsistent();
      System.out.println(live.discord.requests());
    }
  }
}
