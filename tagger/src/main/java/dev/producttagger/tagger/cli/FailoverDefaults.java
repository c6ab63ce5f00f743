package dev.producttagger.tagger.cli;

import dev.producttagger.kafka.client.ClusterAdmin;
import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Asks the cluster how short a session it allows, for {@link TaggerStreamsConfig#failover}. A
 * cluster that will not say (no DESCRIBE_CONFIGS permission, no answer) still gets a working
 * tagger, with Kafka's slower defaults and a warning that says how to choose.
 */
final class FailoverDefaults {

  private FailoverDefaults() {}

  static void apply(Properties props, KafkaConnection connection, PrintWriter err) {
    Optional<Duration> brokerMinSession;
    try (ClusterAdmin admin = ClusterAdmin.connect(connection)) {
      brokerMinSession = Optional.of(admin.minSessionTimeout());
    } catch (IOException e) {
      err.printf(
          "Warning: %s. Until its session times out (Kafka's default: 45 s), a failed instance"
              + " holds its partitions; set session.timeout.ms in --client-config to choose.%n",
          e.getMessage());
      err.flush();
      brokerMinSession = Optional.empty();
    }
    TaggerStreamsConfig.failover(props, brokerMinSession);
  }
}
