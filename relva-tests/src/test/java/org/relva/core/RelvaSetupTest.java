package org.relva.core;

import org.relva.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.relva.core.event.EventBus;
import org.relva.core.model.ChannelId;
import org.relva.core.model.Region;
import org.relva.core.model.Regions;

/** The builder and the configuration. */
class RelvaSetupTest {

  @Test
  void builder_requiresAChannelPort() {
    assertThatThrownBy(() -> Relva.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("PartyChannels");
  }

  @Test
  void builder_usesWhatItIsGiven() {
    RelvaConfig config = RelvaConfig.defaults().withLobby(ChannelId.of("lfg"));
    EventBus bus = EventBus.direct();
    Clock clock = MutableClock.at(RelvaHarness.START);

    Relva relva = Relva.builder().config(config).channels(new RecordingPartyChannels()).events(bus)
        .clock(clock).build();

    assertThat(relva.config()).isSameAs(config);
    assertThat(relva.events()).isSameAs(bus);
    assertThat(relva.clock()).isSameAs(clock);
  }

  @Test
  void builder_defaults() {
    Relva relva = Relva.builder().channels(new RecordingPartyChannels()).build();

    assertThat(relva.config()).isEqualTo(RelvaConfig.defaults());
    assertThat(relva.events()).isNotNull();
    assertThat(relva.clock()).isNotNull();
    assertThat(relva.parties()).isEmpty();
    assertThat(relva.queue()).isEmpty();
  }

  @Test
  void builder_rejectsNulls() {
    Relva.Builder builder = Relva.builder();

    assertThatThrownBy(() -> builder.config(nullValue())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.stores(nullValue())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.channels(nullValue()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.events(nullValue())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.clock(nullValue())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.random(nullValue())).isInstanceOf(NullPointerException.class);
  }

  @Test
  void config_defaultsAreTheSpecs() {
    RelvaConfig config = RelvaConfig.defaults();

    assertThat(config.lobby()).isEqualTo(ChannelId.of("kiwipugs"));
    assertThat(config.regions().defaultRegion()).isEqualTo(Region.of("us-e"));
    assertThat(config.regions().describe()).isEqualTo("us-e, us-w, eu");
    assertThat(config.wrongCodeLimit()).isEqualTo(5);
    assertThat(config.wrongCodeWindow()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void config_withersChangeOneSetting() {
    RelvaConfig base = RelvaConfig.defaults();
    Regions eu = Regions.of("eu");

    assertThat(base.withRegions(eu)).isEqualTo(new RelvaConfig(eu, base.lobby(), 5,
        Duration.ofMinutes(1)));
    assertThat(base.withLobby(ChannelId.of("lfg")).lobby()).isEqualTo(ChannelId.of("lfg"));
    assertThat(base.withWrongCodeLimit(3, Duration.ofSeconds(30)))
        .extracting(RelvaConfig::wrongCodeLimit, RelvaConfig::wrongCodeWindow)
        .containsExactly(3, Duration.ofSeconds(30));
    assertThat(base).isEqualTo(RelvaConfig.defaults());
  }

  @Test
  void config_rejectsALimitBelowOne_namingTheSetting() {
    assertThatThrownBy(() -> RelvaConfig.defaults().withWrongCodeLimit(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrongCodeLimit");
  }

  @Test
  void config_rejectsAnEmptyOrNegativeWindow_namingTheSetting() {
    assertThatThrownBy(() -> RelvaConfig.defaults().withWrongCodeLimit(5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrongCodeWindow");
    assertThatThrownBy(() -> RelvaConfig.defaults().withWrongCodeLimit(5, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrongCodeWindow");
  }

  @Test
  void config_rejectsMissingSettings() {
    RelvaConfig d = RelvaConfig.defaults();

    assertThatThrownBy(() -> new RelvaConfig(nullValue(), d.lobby(), 5, Duration.ofMinutes(1)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("regions");
    assertThatThrownBy(() -> new RelvaConfig(d.regions(), nullValue(), 5, Duration.ofMinutes(1)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("lobby");
    assertThatThrownBy(() -> new RelvaConfig(d.regions(), d.lobby(), 5, nullValue()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("wrongCodeWindow");
  }

  @Test
  void tally_isNeverNegative() {
    assertThat(PartyTally.EMPTY).isEqualTo(new PartyTally(Duration.ZERO, 0));
    assertThatThrownBy(() -> new PartyTally(Duration.ofSeconds(-1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PartyTally(Duration.ZERO, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A null where the API forbids one, to check that it is rejected. */
  private static <T> T nullValue() {
    return null;
  }
}
