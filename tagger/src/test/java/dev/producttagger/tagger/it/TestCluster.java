package dev.producttagger.tagger.it;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.schemas.kafka.KafkaConnection;
import dev.producttagger.schemas.modeltopic.ModelTopic;
import dev.producttagger.schemas.topics.ProductTopics;
import java.io.IOException;
import java.time.Duration;

/** The embedded broker as the product's tools reach it. */
final class TestCluster {

  private TestCluster() {}

  static KafkaConnection connection(EmbeddedKafkaBroker broker) {
    return new KafkaConnection(
        broker.bootstrapServers(), broker.clientConfigs(), Duration.ofSeconds(30));
  }

  /** Puts a model bundle on the model topic the way the trainer's publish does. */
  static void publishModel(EmbeddedKafkaBroker broker, String modelName, byte[] bundle)
      throws IOException {
    new ModelTopic(connection(broker), ProductTopics.MODELS).publish(modelName, bundle);
  }
}
