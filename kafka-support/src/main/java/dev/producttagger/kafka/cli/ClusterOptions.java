package dev.producttagger.kafka.cli;

import dev.producttagger.kafka.client.KafkaConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where the Kafka cluster is and how every client reaches it: the options of every command that
 * talks to a cluster, the tagger's and the trainer's alike.
 */
public final class ClusterOptions {

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

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The --client-config properties, or none; a file that cannot be read fails here. */
  public Map<String, Object> clientConfig() throws IOException {
    return clientConfig == null ? Map.of() : KafkaConnection.readClientConfig(clientConfig);
  }

  /** How to reach the cluster, waiting up to {@code timeout} for each answer. */
  public KafkaConnection connection(Duration timeout) throws IOException {
    return new KafkaConnection(bootstrapServers, clientConfig(), timeout);
  }

  /** The client properties with the bootstrap servers: what a Kafka client is built from. */
  public Map<String, Object> clientProperties() throws IOException {
    Map<String, Object> properties = new HashMap<>(clientConfig());
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return properties;
  }
}
