package dev.producttagger.kafka.cli;

import dev.producttagger.kafka.client.KafkaConnection;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The cluster options of a command that asks the cluster something and waits for the answer (ops
 * commands, publishing), with how long it waits.
 */
public final class ClusterConnectionOptions {

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--timeout-ms",
      defaultValue = "15000",
      description =
          "How long to wait for the cluster before giving up (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  public KafkaConnection connection() throws IOException {
    return cluster.connection(Duration.ofMillis(timeoutMillis));
  }
}
