package org.relva.discord;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Whether the bot serves its metrics, and where: {@code RELVA_METRICS_PORT} (unset: off; 0: any
 * free port, which is logged) and {@code RELVA_METRICS_BIND} (the address listened on,
 * {@code 127.0.0.1} unless set: the endpoint has no authentication, so opening it to the network
 * is the operator's decision). Immutable.
 *
 * @param port the port, 0 to 65535, or empty for no metrics
 * @param bind an IP address literal, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 */
record MetricsSettings(Optional<Integer> port, String bind) {
  static final String DEFAULT_BIND = "127.0.0.1";

  MetricsSettings {
    requireNonNull(port, "port");
    requireNonNull(bind, "bind");
    port.ifPresent(p -> {
      if (p < 0 || p > 65_535) {
        throw new IllegalArgumentException("a port is 0 to 65535, got " + p);
      }
    });
  }

  /** No metrics: the default. */
  static MetricsSettings off() {
    return new MetricsSettings(Optional.empty(), DEFAULT_BIND);
  }

  boolean on() {
    return port.isPresent();
  }

  @Override
  public String toString() {
    return port.map(p -> "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":"
        + (p == 0 ? "(any free port)" : p) + "/metrics").orElse("off");
  }
}
