package dev.producttagger.tagger.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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

    TaggerStreamsConfig.fleet(props, 1, Optional.of("zone-b"));

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
    assertThrows(
        IllegalArgumentException.class,
        () -> TaggerStreamsConfig.fleet(new Properties(), -1, Optional.empty()));
    assertThrows(
        IllegalArgumentException.class,
        () -> TaggerStreamsConfig.fleet(new Properties(), 1, Optional.of(" ")));
  }

  private static Properties failover(
      boolean exactlyOnce, Map<String, Object> clientSettings, Optional<Duration> brokerMin) {
    Map<String, Object> client = new HashMap<>(clientSettings);
    client.put("bootstrap.servers", "broker:9092");
    Properties props =
        TaggerStreamsConfig.properties(
            client, "tagger", exactlyOnce, 1, Path.of("/tmp/state"), TaggerSettings.defaults());
    TaggerStreamsConfig.failover(props, brokerMin);
    return props;
  }

  @Test
  void failoverTakesTheShortestSessionTheBrokerAllowsButNotUnder2s() {
    Properties embedded = failover(true, Map.of(), Optional.of(Duration.ofSeconds(2)));
    assertEquals(2_000, embedded.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
    assertEquals(500, embedded.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
    assertEquals(3_000, embedded.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));

    Properties stock = failover(true, Map.of(), Optional.of(Duration.ofSeconds(6)));
    assertEquals(6_000, stock.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
    assertEquals(1_500, stock.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
    assertEquals(7_000, stock.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));

    Properties permissive = failover(true, Map.of(), Optional.of(Duration.ofMillis(100)));
    assertEquals(2_000, permissive.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));

    Properties strict = failover(true, Map.of(), Optional.of(Duration.ofSeconds(30)));
    assertEquals(30_000, strict.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
    assertEquals(
        10_000,
        strict.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
        "never longer than Kafka Streams' own transaction timeout");
  }

  @Test
  void failoverLeavesTransactionsAloneUnderAtLeastOnce() {
    Properties props = failover(false, Map.of(), Optional.of(Duration.ofSeconds(2)));
    assertEquals(2_000, props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
    assertNull(props.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
  }

  @Test
  void failoverBuildsOnTheClientSettingsSessionInAnySpelling() {
    for (String key :
        List.of(
            "session.timeout.ms",
            "consumer.session.timeout.ms",
            "main.consumer.session.timeout.ms")) {
      Properties props = failover(true, Map.of(key, "8000"), Optional.of(Duration.ofSeconds(2)));
      assertEquals("8000", props.get(key), key);
      if (!key.equals(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) {
        assertNull(props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), key);
      }
      assertEquals(2_000, props.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), key);
      assertEquals(9_000, props.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), key);
    }
    Properties unknownBroker = failover(true, Map.of("session.timeout.ms", 4000), Optional.empty());
    assertEquals(5_000, unknownBroker.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
  }

  @Test
  void failoverKeepsTheClientSettingsHeartbeatAndTransactionTimeout() {
    Properties props =
        failover(
            true,
            Map.of("heartbeat.interval.ms", "700", "producer.transaction.timeout.ms", "20000"),
            Optional.of(Duration.ofSeconds(2)));
    assertEquals(2_000, props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
    assertEquals("700", props.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
    assertEquals("20000", props.get("producer.transaction.timeout.ms"));
    assertNull(props.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
  }

  @Test
  void failoverWithNoBrokerMinimumKeepsKafkasDefaults() {
    Properties props = failover(true, Map.of(), Optional.empty());
    assertNull(props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
    assertNull(props.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
    assertNull(props.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
  }

  @Test
  void failoverRefusesASessionThatIsNotANumber() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> failover(true, Map.of("session.timeout.ms", "6s"), Optional.empty()));
    assertEquals(
        "session.timeout.ms must be a number of milliseconds, got '6s'", refused.getMessage());
  }
}
