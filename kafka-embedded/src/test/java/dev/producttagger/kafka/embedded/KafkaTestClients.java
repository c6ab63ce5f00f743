package dev.producttagger.kafka.embedded;

import dev.producttagger.kafka.topics.TopicCreator;
import dev.producttagger.kafka.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain string clients for the broker tests. */
final class KafkaTestClients {

  private KafkaTestClients() {}

  static void createTopics(Map<String, Object> clientConfigs, List<TopicSpec> topics)
      throws Exception {
    try (Admin admin = Admin.create(clientConfigs)) {
      TopicCreator.createMissing(admin, topics, Optional.of((short) 1), 30_000);
    }
  }

  static void produce(Map<String, Object> clientConfigs, String topic, List<String> values) {
    Map<String, Object> props = new HashMap<>(clientConfigs);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (var producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, values.get(i)));
      }
      producer.flush();
    }
  }

  /**
   * Reads committed records from the start of a topic until {@code count} arrived or 60 s passed.
   */
  static List<String> consumeValues(Map<String, Object> clientConfigs, String topic, int count) {
    Map<String, Object> props = new HashMap<>(clientConfigs);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(200))) {
          values.add(rec.value());
        }
      }
    }
    return values;
  }
}
