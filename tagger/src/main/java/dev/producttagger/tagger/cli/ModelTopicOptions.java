package dev.producttagger.tagger.cli;

import dev.producttagger.kafka.cli.ClusterConnectionOptions;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.topics.ProductTopics;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the model topic is, and the key its bundles are signed with. */
final class ModelTopicOptions {

  @Mixin ClusterConnectionOptions cluster;

  @Option(
      names = "--models-topic",
      defaultValue = ProductTopics.MODELS,
      description = "The model topic (default: ${DEFAULT-VALUE}).")
  String name;

  @Mixin HmacKeyOption hmacKey;

  ModelTopic topic() throws IOException {
    return new ModelTopic(cluster.connection(), name);
  }
}
