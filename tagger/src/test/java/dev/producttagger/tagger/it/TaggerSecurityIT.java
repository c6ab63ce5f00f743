package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.client.KafkaConnection;
import dev.producttagger.kafka.embedded.BrokerTls;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.embedded.SaslPlainUser;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.tagger.TaggerCommand;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code tagger run} and an ops command against a broker that requires SASL/PLAIN, TLS, or both,
 * with a certificate the test makes: the login and the truststore come only from the standard Kafka
 * client properties in {@code --client-config}, and every client the tagger makes (Streams'
 * consumers, producers, admin, the global model reader) uses them. Without them the ops command is
 * refused with a reason.
 */
class TaggerSecurityIT {

  /** The client listener's protocol. */
  enum Protocol {
    SASL_PLAINTEXT,
    SSL,
    SASL_SSL
  }

  @TempDir Path work;

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void tagsUploadsWithOnlyTheClientConfigsSettings(Protocol protocol) throws Exception {
    EmbeddedKafkaConfig config = EmbeddedKafkaConfig.temporary();
    if (protocol != Protocol.SSL) {
      config = config.withSaslPlain(new SaslPlainUser("tagger", "s3cret"));
    }
    if (protocol != Protocol.SASL_PLAINTEXT) {
      config = config.withTls(BrokerTls.selfSigned(work.resolve("certificates")));
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config)) {
      assertEquals(protocol.name(), broker.clientConfigs().get("security.protocol"));
      broker.createTopics(ProductTopics.all(1));
      TestCluster.publishModel(
          broker, "tiny", TestModels.tinyBundle("tiny", 1, 3).toBytes(Optional.empty()));
      Path clientConfig = broker.writeClientProperties(work.resolve("client.properties"));

      try (UploadProducer uploads =
              new UploadProducer(broker.clientConfigs(), ProductTopics.UPLOADS);
          OutputTopics outputs =
              new OutputTopics(broker.clientConfigs(), TaggerSettings.defaults());
          TaggerProcess tagger =
              TaggerProcess.start(
                  List.of(
                      "--bootstrap-servers", broker.bootstrapServers(),
                      "--client-config", clientConfig.toString(),
                      "--state-dir", work.resolve("state").toString(),
                      "--max-wait-ms", "20"),
                  work.resolve("tagger.log"))) {
        for (int i = 0; i < 50; i++) {
          uploads.sendValid("product-" + i);
        }
        uploads.flush();
        assertEquals(50, outputs.awaitAtLeast(50, Duration.ofMinutes(2)).size(), tagger::logTail);

        // And it serves its HTTP API where it says it does.
        HttpResponse<String> ready =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            tagger.dashboard(Duration.ofSeconds(30)).resolve("ready"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
      }

      TaggerCommand listed =
          TestCluster.models(broker, "list", "--client-config", clientConfig.toString());
      assertEquals(0, listed.exitCode(), listed.printed());
      assertTrue(listed.out().contains("tiny"), listed.printed());

      TaggerCommand plaintext = TestCluster.models(broker, "list", "--timeout-ms", "5000");
      assertNotEquals(0, plaintext.exitCode(), plaintext.printed());
      assertTrue(plaintext.err().contains(KafkaConnection.PLAINTEXT_HINT), plaintext.printed());

      if (protocol != Protocol.SASL_PLAINTEXT) {
        Path untrusting = withoutTruststore(clientConfig);
        TaggerCommand refused =
            TestCluster.models(
                broker, "list", "--client-config", untrusting.toString(), "--timeout-ms", "5000");
        assertNotEquals(0, refused.exitCode(), refused.printed());
        assertTrue(refused.err().contains("SSL handshake failed"), refused.printed());
      }
    }
  }

  /** The same settings without the truststore: the JDK's default CAs do not know the broker. */
  private Path withoutTruststore(Path clientConfig) throws IOException {
    Path file = work.resolve("untrusting.properties");
    Files.write(
        file,
        Files.readAllLines(clientConfig).stream()
            .filter(line -> !line.startsWith("ssl.truststore."))
            .toList());
    return file;
  }
}
