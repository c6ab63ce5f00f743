package dev.producttagger.tagger.it;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.schemas.topics.ProductTopics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts a model bundle on the model topic, as the trainer's publish does. */
final class ModelTopic {

  private ModelTopic() {}

  static void publish(EmbeddedKafkaBroker broker, String modelName, byte[] bundle)
      throws Exception {
    Map<String, Object> props = new HashMap<>(broker.clientConfigs());
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ProductTopics.MAX_BUNDLE_BYTES);
    try (var producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(ProductTopics.MODELS, modelName, bundle)).get();
    }
  }
}
