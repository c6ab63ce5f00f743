package dev.producttagger.tagger.cli;

import dev.producttagger.schemas.kafka.KafkaConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** How an ops command reaches the Kafka cluster, and how long it waits for an answer. */
final class ClusterOptions {

  @Option(
      names = "--bootstrap-servers",
      required = true,
      paramLabel = "HOST:PORT[,...]",
      description = "The Kafka cluster.")
  String bootstrapServers;

  @Option(
      names = "--client-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, ssl.*, sasl.*, ...) for every client.")
  Path clientConfig;

  @Option(
      names = "--timeout-ms",
      defaultValue = "15000",
      description =
          "How long to wait for the cluster before giving up (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  KafkaConnection connection() throws IOException {
    Map<String, Object> properties =
        clientConfig == null ? Map.of() : KafkaConnection.readClientConfig(clientConfig);
    return new KafkaConnection(bootstrapServers, properties, Duration.ofMillis(timeoutMillis));
  }
}
