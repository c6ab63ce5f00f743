package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.tagger.PrometheusText;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.http.TaggerHttpServer;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tagger instances in one JVM on a real broker, each with its own state directory and HTTP
 * port, sharing the four upload partitions: either instance answers for every product (forwarding
 * to the other when it holds the key), each one's {@code /metrics} counts what it tagged, and
 * {@code /ready} turns from 503 to 200 when the first model arrives.
 */
class HttpApiIT {

  private static final int PRODUCTS = 120;
  private static final int MALFORMED = 4;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path work;

  /** One tagger instance with its HTTP API, advertised to the other by application.server. */
  private record Instance(TaggerApp app, TaggerHttpServer http) implements AutoCloseable {

    static Instance start(EmbeddedKafkaBroker broker, TaggerSettings settings, Path stateDir)
        throws IOException {
      TaggerHttpServer http =
          TaggerHttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Properties props =
          TaggerStreamsConfig.properties(
              broker.clientConfigs(), "http-api", true, 1, stateDir, settings);
      props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + http.port());
      ModelRegistry registry = ModelRegistry.forFashionMnist(Optional.empty());
      TaggerApp app = TaggerApp.start(props, settings, registry);
      http.serve(app);
      return new Instance(app, http);
    }

    String address() {
      return "127.0.0.1:" + http.port();
    }

    HttpResponse<String> get(String path) throws Exception {
      return CLIENT.send(
          HttpRequest.newBuilder(http.uri().resolve(path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    boolean holdsPartitions() {
      return app.streams().state() == KafkaStreams.State.RUNNING
          && !app.streams().metadataForLocalThreads().stream()
              .allMatch(thread -> thread.activeTasks().isEmpty());
    }

    @Override
    public void close() {
      http.close();
      app.close();
    }
  }

  @Test
  void bothInstancesAnswerForEveryProductAndCountWhatTheyTagged() throws Exception {
    LabelledImages images = FashionMnistTestSet.load();
    TaggerSettings settings = TaggerSettings.defaults().withBatch(16, Duration.ofMillis(50));
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(4));
      try (Instance a = Instance.start(broker, settings, work.resolve("a"));
          Instance b = Instance.start(broker, settings, work.resolve("b"));
          UploadProducer uploads =
              new UploadProducer(broker.clientConfigs(), settings.uploadsTopic());
          OutputTopics outputs = new OutputTopics(broker.clientConfigs(), settings)) {
        await(
            () -> a.holdsPartitions() && b.holdsPartitions(),
            Duration.ofMinutes(2),
            () -> "both instances hold partitions");
        for (Instance instance : List.of(a, b)) {
          HttpResponse<String> notReady = instance.get("/ready");
          assertEquals(503, notReady.statusCode(), notReady.body());
          assertTrue(
              JSON.readTree(notReady.body()).get("error").asText().contains("no model"),
              notReady.body());
        }

        FixtureModel.publish(broker);
        for (Instance instance : List.of(a, b)) {
          await(
              () -> status(instance, "/ready") == 200,
              Duration.ofMinutes(2),
              () -> instance.address() + " becomes ready");
        }

        Map<String, String> lastEventIdByProduct = new HashMap<>();
        for (int i = 0; i < PRODUCTS; i++) {
          lastEventIdByProduct.put(
              "product-" + i, uploads.sendValid("product-" + i, images.image(i)));
        }
        // A second upload of the same product: the API answers with the newer tag.
        lastEventIdByProduct.put(
            "product-0", uploads.sendValid("product-0", images.image(PRODUCTS)));
        for (int i = 0; i < MALFORMED; i++) {
          uploads.sendMalformed("broken-" + i);
        }
        uploads.flush();
        int expectedOutputs = PRODUCTS + 1 + MALFORMED;
        assertEquals(
            expectedOutputs, outputs.awaitAtLeast(expectedOutputs, Duration.ofMinutes(2)).size());

        Set<String> servedBy = new HashSet<>();
        for (Map.Entry<String, String> product : lastEventIdByProduct.entrySet()) {
          HttpResponse<String> fromA = a.get("/api/products/" + product.getKey());
          HttpResponse<String> fromB = b.get("/api/products/" + product.getKey());
          assertEquals(200, fromA.statusCode(), fromA.body());
          assertEquals(200, fromB.statusCode(), fromB.body());
          assertEquals(fromA.body(), fromB.body(), product.getKey());
          String holder = fromA.headers().firstValue("X-Served-By").orElseThrow();
          assertEquals(holder, fromB.headers().firstValue("X-Served-By").orElseThrow());
          servedBy.add(holder);
          JsonNode tag = JSON.readTree(fromA.body());
          JsonNode event =
              tag.get(tag.get("outcome").asText().equals("TAGGED") ? "tagged" : "review");
          assertEquals(product.getValue(), event.get("eventId").asText(), product.getKey());
        }
        assertEquals(
            Set.of(a.address(), b.address()),
            servedBy,
            "each instance held some products, so each forwarded some requests to the other");
        for (Instance instance : List.of(a, b)) {
          assertEquals(404, instance.get("/api/products/never-uploaded").statusCode());
        }

        PrometheusText metricsA = PrometheusText.parse(a.get("/metrics").body());
        PrometheusText metricsB = PrometheusText.parse(b.get("/metrics").body());
        assertEquals(
            PRODUCTS + 1,
            outputsCounted(metricsA) + outputsCounted(metricsB),
            "tagged plus review over both instances");
        assertEquals(
            MALFORMED,
            metricsA.value("tagger_uploads_rejected_total", "reason", "MALFORMED_JSON")
                + metricsB.value("tagger_uploads_rejected_total", "reason", "MALFORMED_JSON"));
        assertEquals(
            PRODUCTS + 1,
            metricsA.value("tagger_upload_to_tag_latency_seconds_count")
                + metricsB.value("tagger_upload_to_tag_latency_seconds_count"));
        // The scaling signal: every upload partition is consumed by one instance, lag worked off.
        assertEquals(
            4,
            metricsA.count("tagger_upload_consumer_lag")
                + metricsB.count("tagger_upload_consumer_lag"),
            "one lag series per upload partition");
        assertEquals(
            0.0,
            metricsA.sum("tagger_upload_consumer_lag")
                + metricsB.sum("tagger_upload_consumer_lag"));
        for (Instance instance : List.of(a, b)) {
          PrometheusText metrics = instance == a ? metricsA : metricsB;
          assertEquals(1.0, metrics.value("tagger_model_version", "model", FixtureModel.NAME));
          assertEquals(1.0, metrics.value("tagger_model_bundles_accepted_total"));
          JsonNode sinceStart =
              JSON.readTree(instance.get("/api/stats").body()).get("windows").get(3);
          assertEquals(
              outputsCounted(metrics),
              sinceStart.get("outputs").asDouble(),
              instance.address() + ": /api/stats and /metrics count the same outputs");
        }
      }
    }
  }

  private static double outputsCounted(PrometheusText metrics) {
    return metrics.sum("tagger_uploads_tagged_total") + metrics.sum("tagger_uploads_review_total");
  }

  private static int status(Instance instance, String path) {
    try {
      return instance.get(path).statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Waits for a condition that depends on Kafka's progress; fails with a message if it never holds.
   */
  private static void await(BooleanSupplier condition, Duration limit, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting until " + what.get());
      }
      Thread.sleep(200);
    }
  }
}
