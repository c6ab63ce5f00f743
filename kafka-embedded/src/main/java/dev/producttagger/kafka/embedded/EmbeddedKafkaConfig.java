package dev.producttagger.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start an {@link EmbeddedKafkaBroker}.
 *
 * @param port the client port, or 0 for any free port
 * @param dataDir a directory kept across restarts, or empty for a temporary one deleted on close
 * @param brokerOverrides broker properties that replace the defaults
 * @param startupTimeout how long to wait for the broker to serve clients
 * @param saslPlain when present, the client listener requires SASL/PLAIN as this user
 * @param tls when present, both listeners speak only TLS with this key: SSL, or SASL_SSL with
 *     {@code saslPlain}
 */
public record EmbeddedKafkaConfig(
    int port,
    Optional<Path> dataDir,
    Map<String, String> brokerOverrides,
    Duration startupTimeout,
    Optional<SaslPlainUser> saslPlain,
    Optional<BrokerTls> tls) {

  public EmbeddedKafkaConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, got " + port);
    }
    Objects.requireNonNull(dataDir, "dataDir");
    brokerOverrides = Map.copyOf(brokerOverrides);
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    Objects.requireNonNull(saslPlain, "saslPlain");
    Objects.requireNonNull(tls, "tls");
  }

  /** Any free port, a temporary data directory, defaults everywhere: what tests want. */
  public static EmbeddedKafkaConfig temporary() {
    return new EmbeddedKafkaConfig(
        0, Optional.empty(), Map.of(), Duration.ofSeconds(60), Optional.empty(), Optional.empty());
  }

  public EmbeddedKafkaConfig withPort(int newPort) {
    return new EmbeddedKafkaConfig(
        newPort, dataDir, brokerOverrides, startupTimeout, saslPlain, tls);
  }

  public EmbeddedKafkaConfig withDataDir(Path dir) {
    return new EmbeddedKafkaConfig(
        port, Optional.of(dir), brokerOverrides, startupTimeout, saslPlain, tls);
  }

  public EmbeddedKafkaConfig withBrokerOverrides(Map<String, String> overrides) {
    return new EmbeddedKafkaConfig(port, dataDir, overrides, startupTimeout, saslPlain, tls);
  }

  /**
   * Requires SASL/PLAIN on the client listener; {@link EmbeddedKafkaBroker#clientConfigs()} logs
   * in.
   */
  public EmbeddedKafkaConfig withSaslPlain(SaslPlainUser user) {
    return new EmbeddedKafkaConfig(
        port, dataDir, brokerOverrides, startupTimeout, Optional.of(user), tls);
  }

  /**
   * Speaks only TLS on the client and controller listeners; {@link
   * EmbeddedKafkaBroker#clientConfigs()} trusts the broker's certificate.
   */
  public EmbeddedKafkaConfig withTls(BrokerTls brokerTls) {
    return new EmbeddedKafkaConfig(
        port, dataDir, brokerOverrides, startupTimeout, saslPlain, Optional.of(brokerTls));
  }
}
