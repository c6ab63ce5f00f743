package dev.producttagger.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.client.ClusterAdmin;
import dev.producttagger.kafka.topics.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker contract on the in-process KRaft broker, plus what only the embedded broker offers.
 */
class EmbeddedBrokerIT extends BrokerContract {

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Override
  Map<String, Object> clientConfigs() {
    return broker.clientConfigs();
  }

  @Test
  void reportsALoopbackBootstrapAddress() {
    assertTrue(
        broker.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), broker.bootstrapServers());
  }

  @Test
  void theLogCleanerKeepsASmallDedupeBuffer() throws Exception {
    ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
    try (Admin admin = Admin.create(broker.clientConfigs())) {
      Config config = admin.describeConfigs(List.of(node)).all().get().get(node);
      assertEquals(
          Long.toString(EmbeddedKafkaBroker.LOG_CLEANER_DEDUPE_BUFFER_BYTES),
          config.get("log.cleaner.dedupe.buffer.size").value());
    }
  }

  @Test
  void allowsSessionsOf2sAndSaysSo() throws Exception {
    try (ClusterAdmin admin = ClusterAdmin.connect(broker.connection())) {
      assertEquals(
          Duration.ofMillis(EmbeddedKafkaBroker.MIN_SESSION_TIMEOUT_MS), admin.minSessionTimeout());
    }
  }

  @Test
  void temporaryDataDirectoryIsDeletedOnClose() {
    Path dir;
    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      dir = second.dataDir();
      assertTrue(Files.isDirectory(dir));
    }
    assertTrue(Files.notExists(dir), "temporary data dir should be gone: " + dir);
  }

  @Test
  void persistentDataDirectoryKeepsRecordsAcrossRestarts(@TempDir Path dataDir) {
    String topic = uniqueTopic("persistent");
    List<String> sent = List.of("a", "b", "c");
    EmbeddedKafkaConfig config = EmbeddedKafkaConfig.temporary().withDataDir(dataDir);
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(config)) {
      first.createTopics(List.of(new TopicSpec(topic, 1, Map.of())));
      KafkaTestClients.produce(first.clientConfigs(), topic, sent);
    }
    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(config)) {
      assertEquals(
          sent, KafkaTestClients.consumeValues(restarted.clientConfigs(), topic, sent.size()));
      assertTrue(Files.isDirectory(dataDir), "a given data dir is kept");
    }
  }

  @Test
  void givenPortInUseFailsWithAClearError() {
    int taken =
        Integer.parseInt(
            broker.bootstrapServers().substring(broker.bootstrapServers().indexOf(':') + 1));
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary().withPort(taken)));
    assertTrue(e.getMessage().contains("port " + taken), e.getMessage());
  }

  @Test
  void rejectsAnInvalidPort() {
    assertThrows(
        IllegalArgumentException.class, () -> EmbeddedKafkaConfig.temporary().withPort(70_000));
  }
}
