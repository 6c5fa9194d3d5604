package org.relva.matchmaking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.relva.matchmaking.testing.OneAtATimeProvider;

class AlgorithmRegistryTest {

  private static MatchmakingAlgorithm named(String name) {
    return new MatchmakingAlgorithm() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Proposal> propose(MatchContext context) {
        return List.of();
      }
    };
  }

  @Test
  @DisplayName("discovery finds the built-ins and a provider listed in a services file")
  void discover_findsBuiltInsAndTestProvider() {
    AlgorithmRegistry registry = AlgorithmRegistry.discover();
    assertThat(registry.names()).containsExactly("balanced", "fifo", OneAtATimeProvider.NAME);
    assertThat(registry.create(MatchmakingConfig.defaults()).name()).isEqualTo("balanced");
    assertThat(registry.create(MatchmakingConfig.defaults().withAlgorithm("fifo")).name())
        .isEqualTo("fifo");
    assertThat(registry.create(MatchmakingConfig.defaults().withAlgorithm(OneAtATimeProvider.NAME))
        .name()).isEqualTo(OneAtATimeProvider.NAME);
  }

  @Test
  void discover_withAClassLoader_findsTheSame() {
    assertThat(AlgorithmRegistry.discover(getClass().getClassLoader()).names())
        .containsExactly("balanced", "fifo", OneAtATimeProvider.NAME);
  }

  @Test
  void provider_unknownName_listsTheKnownOnes() {
    assertThatThrownBy(() -> AlgorithmRegistry.discover().provider("elo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matchmaking.algorithm: no algorithm is named 'elo'; known: balanced, fifo, "
            + OneAtATimeProvider.NAME);
    assertThatThrownBy(() -> AlgorithmRegistry.of().provider("fifo"))
        .hasMessageEndingWith("known: none");
    assertThat(AlgorithmRegistry.discover().find("elo")).isEmpty();
  }

  @Test
  void with_addsAndReplacesByName() {
    MatchmakingAlgorithm mine = named("fifo");
    AlgorithmRegistry registry = AlgorithmRegistry.discover()
        .with(AlgorithmProvider.of(mine))
        .with(AlgorithmProvider.of(named("mine")));
    assertThat(registry.names()).contains("mine", "fifo", "balanced");
    assertThat(registry.create(MatchmakingConfig.defaults().withAlgorithm("fifo"))).isSameAs(mine);
  }

  @Test
  void of_refusesTwoProvidersOfOneName() {
    assertThatThrownBy(() -> AlgorithmRegistry.of(AlgorithmProvider.of(named("x")),
        AlgorithmProvider.of(named("x")))).hasMessageContaining("two matchmaking algorithms are named 'x'");
  }

  @Test
  void badNames_areRefused() {
    assertThatThrownBy(() -> AlgorithmRegistry.of(AlgorithmProvider.of(named("Fancy Algo"))))
        .hasMessageContaining("'Fancy Algo'")
        .hasMessageContaining("lower-case");
  }

  @Test
  @DisplayName("a provider whose algorithm reports another name is refused")
  void create_nameMismatch() {
    AlgorithmProvider liar = new AlgorithmProvider() {
      @Override
      public String name() {
        return "honest";
      }

      @Override
      public MatchmakingAlgorithm create(MatchmakingConfig config) {
        return named("other");
      }
    };
    AlgorithmRegistry registry = AlgorithmRegistry.of(liar);
    assertThatThrownBy(() -> registry.create(MatchmakingConfig.defaults().withAlgorithm("honest")))
        .hasMessageContaining("'other'");
  }

  @Test
  @DisplayName("balanced refuses a format with too many splits to search exactly")
  void balanced_refusesHugeFormats() {
    MatchmakingConfig config = MatchmakingConfig.defaults().withFormat(MatchFormat.of(4, 4));
    assertThatThrownBy(() -> AlgorithmRegistry.discover().create(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matchmaking.format")
        .hasMessageContaining("2627625 splits");
    assertThat(AlgorithmRegistry.discover().create(config.withAlgorithm("fifo")).name())
        .isEqualTo("fifo");
    assertThat(AlgorithmRegistry.discover()
        .create(config.withFormat(MatchFormat.of(2, 10))).name()).isEqualTo("balanced");
  }
}
