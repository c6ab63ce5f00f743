package dev.producttagger.trainer.cli;

import dev.producttagger.kafka.cli.ClusterOptions;
import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.topics.ProductTopics;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The labelled-examples topic and the cluster that holds it: a mixin of {@code examples export},
 * and in {@code fine-tune} the argument group that is the alternative to {@code --examples-file}.
 * Picocli groups cannot hold mixins, so this takes the cluster options as a group of
 * kafka-support's {@link ClusterOptions} and adds the wait that {@code ClusterConnectionOptions}
 * would.
 */
final class ExamplesTopicOptions {

  static final String DEFAULT_TOPIC = ProductTopics.LABELLED_EXAMPLES;

  @ArgGroup(exclusive = false, multiplicity = "1")
  ClusterOptions cluster;

  @Option(
      names = "--examples-topic",
      paramLabel = "TOPIC",
      defaultValue = DEFAULT_TOPIC,
      description = "The compacted topic of labelled examples (default: ${DEFAULT-VALUE}).")
  String topic = DEFAULT_TOPIC;

  @Option(
      names = "--timeout-ms",
      paramLabel = "MILLIS",
      defaultValue = "15000",
      description =
          "How long to wait for the cluster before giving up (default: ${DEFAULT-VALUE}).")
  long timeoutMillis = 15_000;

  /**
   * @throws IOException if the client config cannot be read
   * @throws IllegalArgumentException if a setting is out of range
   */
  KafkaConnection connection() throws IOException {
    return new KafkaConnection(
        cluster.bootstrapServers(), cluster.clientConfig(), Duration.ofMillis(timeoutMillis));
  }
}
