package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.embedded.SaslPlainUser;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.tagger.topology.TaggerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagger run} against a broker that requires SASL/PLAIN: the login comes only from the
 * standard Kafka client properties in {@code --client-config}, and every client the tagger makes
 * (Streams' consumers, producers, admin, the global model reader) uses it. It also serves its HTTP
 * API at the address it prints.
 */
class TaggerSaslIT {

  @TempDir Path work;

  @Test
  void tagsUploadsOnABrokerThatRequiresSaslPlain() throws Exception {
    SaslPlainUser user = new SaslPlainUser("tagger", "s3cret");
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary().withSaslPlain(user))) {
      broker.createTopics(ProductTopics.all(1));
      TestCluster.publishModel(
          broker, "tiny", TestModels.tinyBundle("tiny", 1, 3).toBytes(Optional.empty()));
      Path clientConfig = work.resolve("client.properties");
      Properties security = new Properties();
      for (Map.Entry<String, Object> entry : broker.clientConfigs().entrySet()) {
        if (!entry.getKey().equals("bootstrap.servers")) {
          security.setProperty(entry.getKey(), entry.getValue().toString());
        }
      }
      try (var out = Files.newBufferedWriter(clientConfig)) {
        security.store(out, "SASL/PLAIN login for the tagger");
      }

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
        assertEquals(
            50,
            outputs.awaitAtLeast(50, Duration.ofMinutes(2)).size(),
            () -> "tagger log:\n" + readLog(work.resolve("tagger.log")));

        // And it serves its HTTP API where it says it does.
        String log = readLog(work.resolve("tagger.log"));
        Matcher dashboard =
            Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+/) ").matcher(log);
        assertTrue(dashboard.find(), log);
        HttpResponse<String> ready =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(dashboard.group(1) + "ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
      }
    }
  }

  private static String readLog(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
