package dev.producttagger.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.embedded.BrokerTls;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.embedded.SaslPlainUser;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.schemas.bundle.ModelBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code trainer publish} against a real broker: the embedded KRaft broker, one topic per test. */
class PublishCommandIT {

  private static EmbeddedKafkaBroker broker;

  @TempDir Path dir;

  private final String topic = "models-" + UUID.randomUUID();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void publishesABundleThatReadsBackByteIdenticalFromACompactedTopic() throws Exception {
    Path file = write("paper-dropout", 1, 0.93, Optional.empty());

    assertEquals(0, publish("--bundle", file.toString()), err.toString());

    assertTrue(
        out.toString()
            .contains("published paper-dropout version 1 (test accuracy 0.9300) to " + topic),
        out.toString());
    List<ConsumerRecord<String, byte[]>> records = records();
    assertEquals(1, records.size());
    assertEquals("paper-dropout", records.get(0).key());
    assertArrayEquals(Files.readAllBytes(file), records.get(0).value());
    try (Admin admin = Admin.create(broker.clientConfigs())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertEquals(
          TopicConfig.CLEANUP_POLICY_COMPACT,
          config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
      assertEquals(
          Integer.toString(ProductTopics.MAX_BUNDLE_BYTES),
          config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
    }
  }

  @Test
  void theQualityGateRefusesAWorseBundleUnlessForced() throws Exception {
    assertEquals(
        0,
        publish("--bundle", write("paper-dropout", 1, 0.93, Optional.empty()).toString()),
        err.toString());
    Path worse = write("paper-dropout", 2, 0.91, Optional.empty());

    assertEquals(PublishCommand.REFUSED, publish("--bundle", worse.toString()));
    assertTrue(
        err.toString()
            .contains(
                "refused: test accuracy 0.9100 is below 0.9300 of the published paper-dropout"
                    + " version 1"),
        err.toString());
    assertEquals(1, records().size(), "a refused bundle is not written");

    assertEquals(0, publish("--bundle", worse.toString(), "--force"), err.toString());
    assertTrue(
        out.toString()
            .contains("forced past the quality gate: test accuracy 0.9100 is below 0.9300"),
        out.toString());
    assertEquals(2, records().size());

    // The forced version 2 now serves, so it is the one to beat, whatever its name.
    Path poor = write("batchnorm", 3, 0.85, Optional.empty());
    assertEquals(
        PublishCommand.REFUSED, publish("--bundle", poor.toString(), "--min-accuracy", "0.8"));
    assertTrue(
        err.toString()
            .contains(
                "refused: test accuracy 0.8500 is below 0.9100 of the published paper-dropout"
                    + " version 2"),
        err.toString());
    assertFalse(err.toString().contains("below the minimum"), err.toString());
    assertEquals(PublishCommand.REFUSED, publish("--bundle", poor.toString()));
    assertTrue(
        err.toString().contains("refused: test accuracy 0.8500 is below the minimum 0.9000"),
        err.toString());
  }

  @Test
  void aShadowGoesUnderTheShadowKeyAndOnlyTheFloorGatesIt() throws Exception {
    assertEquals(
        0,
        publish("--bundle", write("paper-dropout", 1, 0.93, Optional.empty()).toString()),
        err.toString());
    Path candidate = write("fine-tuned", 2, 0.91, Optional.empty());

    assertEquals(0, publish("--bundle", candidate.toString(), "--shadow"), err.toString());

    assertTrue(
        out.toString().contains("published fine-tuned version 2 as the shadow model"),
        out.toString());
    List<ConsumerRecord<String, byte[]>> records = records();
    assertEquals(ModelTopic.SHADOW_KEY, records.get(1).key());
    assertArrayEquals(Files.readAllBytes(candidate), records.get(1).value());
    Path poor = write("poor", 3, 0.5, Optional.empty());
    assertEquals(PublishCommand.REFUSED, publish("--bundle", poor.toString(), "--shadow"));
    assertTrue(err.toString().contains("below the minimum"), err.toString());
  }

  @Test
  void versionsOnlyIncreaseAndAutoRenumbersAndReSigns() throws Exception {
    byte[] key = "model-signing-key".getBytes(StandardCharsets.UTF_8);
    Path keyFile = Files.write(dir.resolve("hmac.key"), key);
    assertEquals(
        0,
        publish(
            "--bundle",
            write("paper-dropout", 2, 0.93, Optional.of(key)).toString(),
            "--hmac-key-file",
            keyFile.toString()),
        err.toString());
    Path stale = write("batchnorm", 2, 0.94, Optional.of(key));

    assertEquals(
        PublishCommand.REFUSED,
        publish("--bundle", stale.toString(), "--hmac-key-file", keyFile.toString(), "--force"));
    assertTrue(
        err.toString().contains("refused: version 2 is not above the highest published version 2"),
        err.toString());

    assertEquals(1, publish("--bundle", stale.toString(), "--version", "auto"));
    assertTrue(
        err.toString()
            .contains("error: the bundle is signed; changing its version needs the signing key"),
        err.toString());

    assertEquals(
        0,
        publish(
            "--bundle",
            stale.toString(),
            "--hmac-key-file",
            keyFile.toString(),
            "--version",
            "auto"),
        err.toString());
    assertTrue(out.toString().contains("published batchnorm version 3"), out.toString());
    List<ConsumerRecord<String, byte[]>> records = records();
    assertEquals(2, records.size());
    ModelBundle renumbered =
        ModelBundle.read(records.get(1).value(), ModelTopic.LIMITS, Optional.of(key));
    assertEquals(3, renumbered.manifest().version());
    assertEquals("batchnorm", records.get(1).key());
  }

  @Test
  void anUnreachableBrokerIsAOneLineErrorWithinTheTimeout() throws Exception {
    String nowhere = "127.0.0.1:" + closedPort();
    long started = System.nanoTime();

    int exit =
        run(
            "publish",
            "--bootstrap-servers",
            nowhere,
            "--topic",
            topic,
            "--timeout-ms",
            "2000",
            "--bundle",
            write("paper-dropout", 1, 0.93, Optional.empty()).toString());

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(1, exit, err.toString());
    assertTrue(
        err.toString()
            .startsWith("error: cannot reach Kafka at " + nowhere + ": no answer within 2.0 s"),
        err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
  }

  @Test
  void publishesOverSaslSslWithOnlyTheClientConfigsSettings() throws Exception {
    EmbeddedKafkaConfig secure =
        EmbeddedKafkaConfig.temporary()
            .withTls(BrokerTls.selfSigned(dir.resolve("certificates")))
            .withSaslPlain(new SaslPlainUser("trainer", "s3cret"));
    try (EmbeddedKafkaBroker cluster = EmbeddedKafkaBroker.start(secure)) {
      Path clientConfig = cluster.writeClientProperties(dir.resolve("client.properties"));
      String bundle = write("paper-dropout", 1, 0.93, Optional.empty()).toString();

      int plaintext =
          run(
              "publish",
              "--bootstrap-servers",
              cluster.bootstrapServers(),
              "--topic",
              topic,
              "--timeout-ms",
              "3000",
              "--bundle",
              bundle);
      assertEquals(1, plaintext, err.toString());
      assertTrue(err.toString().contains(KafkaConnection.PLAINTEXT_HINT), err.toString());

      int published =
          run(
              "publish",
              "--bootstrap-servers",
              cluster.bootstrapServers(),
              "--topic",
              topic,
              "--client-config",
              clientConfig.toString(),
              "--bundle",
              bundle);
      assertEquals(0, published, err.toString());
      assertEquals(
          1,
          new ModelTopic(cluster.connection(), topic)
              .read(Optional.empty())
              .serving()
              .orElseThrow()
              .manifest()
              .version());
    }
  }

  @Test
  void anInvalidBundleIsRefusedBeforeTheClusterIsTouched() throws Exception {
    Path notABundle =
        Files.write(dir.resolve("not.bundle"), "PK but not a zip".getBytes(StandardCharsets.UTF_8));

    assertEquals(1, publish("--bundle", notABundle.toString()));
    assertTrue(
        err.toString().startsWith("error: invalid bundle " + notABundle + ": NOT_A_ZIP"),
        err.toString());

    Path signedElsewhere =
        write(
            "paper-dropout", 1, 0.93, Optional.of("another key".getBytes(StandardCharsets.UTF_8)));
    Path keyFile = Files.write(dir.resolve("hmac.key"), "our key".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        1, publish("--bundle", signedElsewhere.toString(), "--hmac-key-file", keyFile.toString()));
    assertTrue(err.toString().contains("SIGNATURE_INVALID"), err.toString());

    try (Admin admin = Admin.create(broker.clientConfigs())) {
      assertFalse(
          admin.listTopics().names().get().contains(topic),
          "no topic is created for an invalid bundle");
    }
  }

  private Path write(String name, long version, double testAccuracy, Optional<byte[]> key)
      throws IOException {
    Path file = dir.resolve(name + "-v" + version + "-" + UUID.randomUUID() + ".bundle");
    TestModels.placeholderBundle(name, version, testAccuracy).write(file, key);
    return file;
  }

  private int publish(String... args) {
    List<String> arguments =
        new ArrayList<>(
            List.of("publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", topic));
    arguments.addAll(List.of(args));
    return run(arguments.toArray(String[]::new));
  }

  private int run(String... args) {
    CommandLine commandLine = TrainerCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  /** Every record on the test's topic, read as a tagger reads it. */
  private List<ConsumerRecord<String, byte[]>> records() {
    Map<String, Object> config = new HashMap<>(broker.clientConfigs());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, ProductTopics.MAX_BUNDLE_BYTES);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long end = consumer.endOffsets(partitions).get(partitions.get(0));
      while (consumer.position(partitions.get(0)) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
