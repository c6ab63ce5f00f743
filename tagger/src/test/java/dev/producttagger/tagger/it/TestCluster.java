package dev.producttagger.tagger.it;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.topics.ProductTopics;
import java.io.IOException;

/** The embedded broker's model topic, written the way the trainer's publish writes it. */
final class TestCluster {

  private TestCluster() {}

  /** Puts a model bundle on the model topic the way the trainer's publish does. */
  static void publishModel(EmbeddedKafkaBroker broker, String modelName, byte[] bundle)
      throws IOException {
    new ModelTopic(broker.connection(), ProductTopics.MODELS).publish(modelName, bundle);
  }
}
