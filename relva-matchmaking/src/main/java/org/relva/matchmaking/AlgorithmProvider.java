package org.relva.matchmaking;

import static java.util.Objects.requireNonNull;

/**
 * Makes a named {@link MatchmakingAlgorithm} from the configuration: the service that
 * {@link AlgorithmRegistry#discover()} finds with {@link java.util.ServiceLoader}.
 *
 * <p>To add an algorithm, implement this interface in a public class with a public no-argument
 * constructor and list the class in {@code META-INF/services/org.relva.matchmaking.AlgorithmProvider};
 * then select it by setting {@link MatchmakingConfig#algorithm()} to its {@link #name()}. The
 * built-in {@code fifo} and {@code balanced} are registered the same way. Or skip the service file
 * and pass the provider to {@link AlgorithmRegistry#with}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface AlgorithmProvider {

  /**
   * The algorithm's name: 1 to 32 lower-case letters, digits and hyphens, starting with a letter.
   * The algorithm it creates must report the same name.
   */
  String name();

  /**
   * The algorithm, set up from {@code config}.
   *
   * @throws IllegalArgumentException if the algorithm cannot run with {@code config}, naming the
   *     setting
   */
  MatchmakingAlgorithm create(MatchmakingConfig config);

  /** A provider that hands out {@code algorithm} itself, whatever the configuration. */
  static AlgorithmProvider of(MatchmakingAlgorithm algorithm) {
    requireNonNull(algorithm, "algorithm");
    String name = requireNonNull(algorithm.name(), "algorithm.name()");
    return new AlgorithmProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public MatchmakingAlgorithm create(MatchmakingConfig config) {
        return algorithm;
      }

      @Override
      public String toString() {
        return "AlgorithmProvider.of(" + algorithm + ")";
      }
    };
  }
}
