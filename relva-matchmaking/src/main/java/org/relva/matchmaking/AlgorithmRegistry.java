package org.relva.matchmaking;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The matchmaking algorithms known by name. Immutable and thread-safe: {@link #with} returns a new
 * registry.
 *
 * <p>{@link #discover()} holds every {@link AlgorithmProvider} that {@link ServiceLoader} finds on
 * the class path: the built-ins {@code fifo} and {@code balanced}, and any an embedder's jar lists
 * in {@code META-INF/services/org.relva.matchmaking.AlgorithmProvider}. (A shaded jar must merge
 * those files, with the Shade plugin's {@code ServicesResourceTransformer}, or the built-ins
 * vanish.)
 */
public final class AlgorithmRegistry {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private final ImmutableSortedMap<String, AlgorithmProvider> providers;

  private AlgorithmRegistry(Map<String, AlgorithmProvider> providers) {
    this.providers = ImmutableSortedMap.copyOf(providers);
  }

  /**
   * The providers that {@link ServiceLoader} finds through the thread's context class loader.
   *
   * @throws IllegalStateException if a provider cannot be loaded, or two share a name
   */
  public static AlgorithmRegistry discover() {
    return discover(ServiceLoader.load(AlgorithmProvider.class));
  }

  /** The providers that {@link ServiceLoader} finds through {@code loader}. */
  public static AlgorithmRegistry discover(ClassLoader loader) {
    return discover(ServiceLoader.load(AlgorithmProvider.class, loader));
  }

  private static AlgorithmRegistry discover(ServiceLoader<AlgorithmProvider> loader) {
    Map<String, AlgorithmProvider> found = new TreeMap<>();
    try {
      for (AlgorithmProvider provider : loader) {
        String name = checkedName(provider);
        AlgorithmProvider other = found.putIfAbsent(name, provider);
        if (other != null) {
          throw new IllegalStateException("two matchmaking algorithms are named '" + name + "': "
              + other.getClass().getName() + " and " + provider.getClass().getName());
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("a matchmaking algorithm could not be loaded: "
          + e.getMessage(), e);
    }
    return new AlgorithmRegistry(found);
  }

  /** A registry of exactly {@code providers}, without discovery. */
  public static AlgorithmRegistry of(AlgorithmProvider... providers) {
    AlgorithmRegistry registry = new AlgorithmRegistry(Map.of());
    for (AlgorithmProvider provider : providers) {
      checkArgument(!registry.providers.containsKey(checkedName(provider)),
          "two matchmaking algorithms are named '%s'", provider.name());
      registry = registry.with(provider);
    }
    return registry;
  }

  /** This registry with {@code provider} added, replacing any provider of the same name. */
  public AlgorithmRegistry with(AlgorithmProvider provider) {
    Map<String, AlgorithmProvider> copy = new TreeMap<>(providers);
    copy.put(checkedName(provider), provider);
    return new AlgorithmRegistry(copy);
  }

  /** The known names, in order. */
  public Set<String> names() {
    return providers.keySet();
  }

  /** The provider named {@code name}, if any. */
  public Optional<AlgorithmProvider> find(String name) {
    return Optional.ofNullable(providers.get(name));
  }

  /**
   * The provider named {@code name}.
   *
   * @throws IllegalArgumentException if there is none; the message lists the known names
   */
  public AlgorithmProvider provider(String name) {
    AlgorithmProvider provider = providers.get(name);
    if (provider == null) {
      throw new IllegalArgumentException("matchmaking.algorithm: no algorithm is named '" + name
          + "'; known: " + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet())));
    }
    return provider;
  }

  /**
   * The algorithm {@code config} selects, created from {@code config}.
   *
   * @throws IllegalArgumentException if no algorithm has that name, or it rejects the configuration
   */
  public MatchmakingAlgorithm create(MatchmakingConfig config) {
    AlgorithmProvider provider = provider(config.algorithm());
    MatchmakingAlgorithm algorithm = requireNonNull(provider.create(config),
        () -> provider + " created null");
    if (!config.algorithm().equals(algorithm.name())) {
      throw new IllegalStateException("the provider of '" + config.algorithm()
          + "' created an algorithm named '" + algorithm.name() + "'");
    }
    return algorithm;
  }

  private static String checkedName(AlgorithmProvider provider) {
    String name = requireNonNull(provider, "provider").name();
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("the algorithm of " + provider.getClass().getName()
          + " has the name '" + name + "'; a name is 1 to 32 lower-case letters, digits and"
          + " hyphens, starting with a letter");
    }
    return name;
  }

  @Override
  public String toString() {
    return "AlgorithmRegistry" + providers.keySet();
  }
}
