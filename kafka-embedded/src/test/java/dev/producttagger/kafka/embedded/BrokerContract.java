package dev.producttagger.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.kafka.topics.TopicSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the product needs from any broker, embedded or containerised: plain produce and consume, the
 * product's topics with their configs, and a Kafka Streams round trip with exactly_once_v2.
 */
abstract class BrokerContract {

  @TempDir Path stateDir;

  /** Client properties that reach the broker under test. */
  abstract Map<String, Object> clientConfigs();

  @Test
  void producedRecordsAreConsumedInOrder() throws Exception {
    String topic = uniqueTopic("plain");
    KafkaTestClients.createTopics(clientConfigs(), List.of(new TopicSpec(topic, 1, Map.of())));
    List<String> sent = IntStream.range(0, 100).mapToObj(i -> "value-" + i).toList();
    KafkaTestClients.produce(clientConfigs(), topic, sent);

    assertEquals(sent, KafkaTestClients.consumeValues(clientConfigs(), topic, sent.size()));
  }

  @Test
  void productTopicsAreCreatedWithTheirConfigs() throws Exception {
    KafkaTestClients.createTopics(clientConfigs(), ProductTopics.all(2));
    try (Admin admin = Admin.create(clientConfigs())) {
      Map<ConfigResource, Config> configs =
          admin
              .describeConfigs(
                  List.of(
                      topicResource(ProductTopics.TAGS),
                      topicResource(ProductTopics.MODELS),
                      topicResource(ProductTopics.UPLOADS)))
              .all()
              .get();
      assertEquals(
          "compact",
          configs
              .get(topicResource(ProductTopics.TAGS))
              .get(TopicConfig.CLEANUP_POLICY_CONFIG)
              .value());
      assertEquals(
          "compact",
          configs
              .get(topicResource(ProductTopics.MODELS))
              .get(TopicConfig.CLEANUP_POLICY_CONFIG)
              .value());
      assertEquals(
          Integer.toString(ProductTopics.MAX_BUNDLE_BYTES),
          configs
              .get(topicResource(ProductTopics.MODELS))
              .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
              .value());
      assertEquals(
          "delete",
          configs
              .get(topicResource(ProductTopics.UPLOADS))
              .get(TopicConfig.CLEANUP_POLICY_CONFIG)
              .value());
      assertEquals(
          2,
          admin
              .describeTopics(List.of(ProductTopics.UPLOADS))
              .allTopicNames()
              .get()
              .get(ProductTopics.UPLOADS)
              .partitions()
              .size());
    }
  }

  @Test
  void streamsRoundTripWithExactlyOnceV2() throws Exception {
    String input = uniqueTopic("streams-in");
    String output = uniqueTopic("streams-out");
    KafkaTestClients.createTopics(
        clientConfigs(),
        List.of(new TopicSpec(input, 2, Map.of()), new TopicSpec(output, 2, Map.of())));

    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
        .mapValues(v -> v.toUpperCase(java.util.Locale.ROOT))
        .to(output, Produced.with(Serdes.String(), Serdes.String()));
    Properties props = new Properties();
    props.putAll(clientConfigs());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "round-trip-" + UUID.randomUUID());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);

    List<String> sent = IntStream.range(0, 50).mapToObj(i -> "item-" + i).toList();
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
      streams.start();
      KafkaTestClients.produce(clientConfigs(), input, sent);
      List<String> received = KafkaTestClients.consumeValues(clientConfigs(), output, sent.size());
      assertEquals(
          sent.stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).sorted().toList(),
          received.stream().sorted().toList());
    }
  }

  static String uniqueTopic(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private static ConfigResource topicResource(String name) {
    return new ConfigResource(ConfigResource.Type.TOPIC, name);
  }
}
