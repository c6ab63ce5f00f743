package dev.producttagger.tagger.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class TaggerStreamsConfigTest {

  private static Properties properties(boolean exactlyOnce) {
    return TaggerStreamsConfig.properties(
        Map.of("bootstrap.servers", "broker:9092", StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 40),
        "tagger",
        exactlyOnce,
        2,
        Path.of("/tmp/state"),
        TaggerSettings.defaults());
  }

  @Test
  void exactlyOnceCommitsEvery30MsUnlessTheClientSettingsSayOtherwise() {
    Map<String, Object> cluster = Map.of("bootstrap.servers", "broker:9092");
    Path state = Path.of("/tmp/state");
    TaggerSettings settings = TaggerSettings.defaults();
    assertEquals(
        30L,
        TaggerStreamsConfig.properties(cluster, "tagger", true, 1, state, settings)
            .get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    assertNull(
        TaggerStreamsConfig.properties(cluster, "tagger", false, 1, state, settings)
            .get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG),
        "at-least-once keeps Kafka Streams' own");
    assertEquals(40, properties(true).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
  }

  @Test
  void exactlyOnceByDefaultAndAtLeastOnceWhenAsked() {
    assertEquals(
        StreamsConfig.EXACTLY_ONCE_V2,
        properties(true).get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals(
        StreamsConfig.AT_LEAST_ONCE,
        properties(false).get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
  }

  @Test
  void keepsTheClientsSettingsAndSetsItsOwn() {
    Properties props = properties(true);
    assertEquals("broker:9092", props.get("bootstrap.servers"));
    assertEquals(40, props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    assertEquals("tagger", props.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals(2, props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
    assertEquals(
        TaggerSettings.defaults().deadLetterTopic(),
        props.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
  }

  @Test
  void theStreamsProducerRetriesTransactionalRequestsSoon() {
    // A 100 ms backoff (Kafka's default) made commits that met a retriable error take 105-110 ms.
    assertEquals(
        10,
        properties(true).get(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG)));
  }

  @Test
  void aFleetKeepsStandbysOnOtherRacks() {
    Properties props = new Properties();

    TaggerStreamsConfig.fleet(props, 1, java.util.Optional.of("zone-b"));

    assertEquals(1, props.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
    assertEquals("zone-b", props.get(StreamsConfig.clientTagPrefix("rack")));
    assertEquals("rack", props.get(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG));
    assertEquals("zone-b", props.get("client.rack"));
    // Kafka Streams accepts what the fleet settings wrote.
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tagger-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    assertEquals(1, new StreamsConfig(props).getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
  }

  @Test
  void fleetSettingsRefuseNonsense() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> TaggerStreamsConfig.fleet(new Properties(), -1, java.util.Optional.empty()));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> TaggerStreamsConfig.fleet(new Properties(), 1, java.util.Optional.of(" ")));
  }
}
