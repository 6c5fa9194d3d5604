package org.relva.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code RELVA_METRICS_PORT} and {@code RELVA_METRICS_BIND}: read, defaulted and refused. */
class MetricsSettingsTest {

  private static MetricsSettings load(Map<String, String> env) {
    return BotConfig.load(env, Optional.empty()).metrics();
  }

  @Test
  @DisplayName("unset, the metrics are off, on 127.0.0.1")
  void unset_isOff() {
    MetricsSettings metrics = load(Map.of());
    assertThat(metrics.on()).isFalse();
    assertThat(metrics.bind()).isEqualTo("127.0.0.1");
    assertThat(metrics).hasToString("off");
  }

  @ParameterizedTest(name = "RELVA_METRICS_PORT={0}")
  @CsvSource({"9464, 9464", "1, 1", "65535, 65535", "0, 0", "' 9464 ', 9464"})
  @DisplayName("a port from 0 (any free one) to 65535 turns the metrics on")
  void port_turnsOn(String given, int port) {
    MetricsSettings metrics = load(Map.of("RELVA_METRICS_PORT", given));
    assertThat(metrics.on()).isTrue();
    assertThat(metrics.port()).contains(port);
  }

  @Test
  @DisplayName("the bind address is any IP literal, v4 or v6")
  void bind_ipLiterals() {
    assertThat(load(Map.of("RELVA_METRICS_PORT", "9464", "RELVA_METRICS_BIND", "0.0.0.0")))
        .hasToString("http://0.0.0.0:9464/metrics");
    assertThat(load(Map.of("RELVA_METRICS_PORT", "0", "RELVA_METRICS_BIND", "::1")))
        .hasToString("http://[::1]:(any free port)/metrics");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "RELVA_METRICS_PORT|http|not a port number|RELVA_METRICS_PORT=9464",
      "RELVA_METRICS_PORT|-1|outside 0 to 65535|RELVA_METRICS_PORT=9464",
      "RELVA_METRICS_PORT|65536|outside 0 to 65535|RELVA_METRICS_PORT=9464",
      "RELVA_METRICS_BIND|localhost|not an IP address|RELVA_METRICS_BIND=0.0.0.0",
      "RELVA_METRICS_BIND|0.0.0.256|not an IP address|RELVA_METRICS_BIND=0.0.0.0",
  })
  @DisplayName("a bad value stops the start with one line: the setting, the value, why, an "
      + "example")
  void badValue_isRefused(String variable, String value, String why, String example) {
    assertThatThrownBy(() -> load(Map.of(variable, value)))
        .isInstanceOfSatisfying(BotConfig.ConfigException.class, e -> assertThat(e.problems())
            .singleElement().asString()
            .startsWith(variable + "=" + value + " is not allowed (" + why + ")")
            .endsWith("for example " + example));
  }

  @Test
  @DisplayName("the launcher refuses a bad port before it starts, with exit status 2")
  void launcher_refusesBadPort() throws Exception {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int status = RelvaBot.run(new String[] {"--console"}, Map.of("RELVA_METRICS_PORT", "x"),
        new java.io.BufferedReader(new java.io.StringReader("")),
        new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true,
            java.nio.charset.StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("Relva cannot start: RELVA_METRICS_PORT=x is not allowed (not a port "
            + "number)");
  }
}
