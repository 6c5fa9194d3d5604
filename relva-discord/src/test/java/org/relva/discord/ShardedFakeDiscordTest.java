package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.testkit.discord.LocalDiscord;
import org.relva.testkit.discord.LocalGuild;

/**
 * The local fake Discord shards its gateway as Discord does, seen by the real JDA (which lives
 * here: only relva-discord depends on a Discord client; the fake's own tests use raw frames).
 */
class ShardedFakeDiscordTest {

  @Test
  @DisplayName("two JDA clients with the same token, one per shard of two (as two processes "
      + "would run them), each see exactly their shard's guilds")
  void jda_twoShards_eachSeeTheirOwnGuilds() {
    try (LocalDiscord discord = LocalDiscord.builder().guilds(4)
        .heartbeat(Duration.ofMillis(500)).start()) {
      JDA shard0 = jda(discord, 0, 2);
      try {
        JDA shard1 = jda(discord, 1, 2);
        try {
          discord.await("both shards connected", () -> shard0.getStatus() == JDA.Status.CONNECTED
              && shard1.getStatus() == JDA.Status.CONNECTED, Duration.ofSeconds(15));

          assertThat(shard0.getShardInfo().getShardId()).isZero();
          assertThat(shard1.getShardInfo().getShardId()).isEqualTo(1);
          assertThat(shard0.getGuilds()).extracting(Guild::getId)
              .containsExactlyInAnyOrderElementsOf(guildsOfShard(discord, 0, 2));
          assertThat(shard1.getGuilds()).extracting(Guild::getId)
              .containsExactlyInAnyOrderElementsOf(guildsOfShard(discord, 1, 2));
          assertThat(discord.connectedShards()).containsExactlyInAnyOrder(List.of(0, 2),
              List.of(1, 2));
          assertThat(discord.problems()).isEmpty();
        } finally {
          shard1.shutdownNow();
        }
      } finally {
        shard0.shutdownNow();
      }
    }
  }

  /**
   * A JDA client of {@code discord} for shard {@code shard}: the one shard of a shard manager
   * linked as the bot's is, as a process running that shard alone would make it.
   */
  private static JDA jda(LocalDiscord discord, int shard, int shards) {
    DiscordBot.Link link = DiscordBot.Link.at(discord.restUrl(), discord.gatewayUrl(),
        Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
    ShardManager manager = link.builder().apply(DefaultShardManagerBuilder.createLight(
            discord.token(), EnumSet.noneOf(GatewayIntent.class)))
        .setShardsTotal(shards).setShards(shard)
        .setEnableShutdownHook(false)
        .build();
    return manager.getShardById(shard);
  }

  private static List<String> guildsOfShard(LocalDiscord discord, int shard, int shards) {
    return discord.guilds().stream().filter(g -> g.shard(shards) == shard)
        .map(LocalGuild::id).toList();
  }
}
