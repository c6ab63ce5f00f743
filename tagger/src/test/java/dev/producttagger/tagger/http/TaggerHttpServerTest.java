package dev.producttagger.tagger.http;

import static dev.producttagger.tagger.http.ApiClient.error;
import static dev.producttagger.tagger.http.ApiClient.json;
import static dev.producttagger.tagger.http.ApiClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.producttagger.runtime.ModelInput;
import dev.producttagger.schemas.events.Category;
import dev.producttagger.schemas.events.ModelRef;
import dev.producttagger.schemas.events.RejectionReason;
import dev.producttagger.schemas.events.TagDecided;
import dev.producttagger.tagger.ManualClock;
import dev.producttagger.tagger.PrometheusText;
import dev.producttagger.tagger.TestEvents;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.stats.TaggerStatistics;
import dev.producttagger.tagger.topology.LatestTag;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every endpoint over real HTTP on the loopback interface, with the Kafka Streams side replaced by
 * {@link FakeLatestTags}: what each answers, and how each refuses bad requests.
 */
class TaggerHttpServerTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  private final ManualClock clock = new ManualClock(NOW);
  private final ModelRegistry registry = ModelRegistry.forFashionMnist(Optional.empty());
  private final TaggerStatistics statistics = new TaggerStatistics(registry, clock);
  private final FakeLatestTags tags = new FakeLatestTags();
  private final List<TaggerHttpServer> servers = new ArrayList<>();
  private Optional<String> notReady = Optional.empty();
  private TaggerHttpServer server;

  /** Stands in for the latest-tag store and Kafka Streams' key metadata. */
  private static final class FakeLatestTags implements LatestTags {
    final Map<String, LatestTag> local = new HashMap<>();
    final Map<String, HostInfo> remote = new HashMap<>();
    RuntimeException failure;

    @Override
    public Holder holderOf(String productId) {
      if (failure != null) {
        throw failure;
      }
      HostInfo host = remote.get(productId);
      return host == null ? new Holder.Local(0) : new Holder.Remote(host);
    }

    @Override
    public Optional<LatestTag> readLocal(String productId, Holder.Local where) {
      return Optional.ofNullable(local.get(productId));
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = serve(tags, statistics);
  }

  @AfterEach
  void stop() {
    servers.forEach(TaggerHttpServer::close);
  }

  private TaggerHttpServer serve(LatestTags latestTags, TaggerStatistics stats) throws IOException {
    TaggerHttpServer bound =
        TaggerHttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    servers.add(bound);
    return bound.serve(
        Router.of(
            latestTags, () -> notReady, stats, "127.0.0.1:" + bound.port(), ApiClient.noReviews()));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return request(server, "GET", path);
  }

  @Test
  void aTaggedProductIsAnsweredWithItsLatestTag() throws Exception {
    tags.local.put("p-1", LatestTag.of(TestEvents.tagged("p-1", 7, NOW)));

    HttpResponse<String> response = get("/api/products/p-1");

    assertEquals(200, response.statusCode());
    JsonNode body = json(response);
    assertEquals("TAGGED", body.get("outcome").asText());
    assertEquals("p-1", body.get("tagged").get("productId").asText());
    assertEquals("Sneaker", body.get("tagged").get("category").get("name").asText());
    assertEquals("2026-11-27T10:00:00Z", body.get("tagged").get("taggedAt").asText());
    assertFalse(body.has("review"));
    assertEquals(
        "127.0.0.1:" + server.port(),
        response.headers().firstValue(ProductEndpoint.SERVED_BY).orElseThrow());
  }

  @Test
  void aProductSentToReviewIsAnsweredWithTheReviewRequest() throws Exception {
    tags.local.put("p-2", LatestTag.of(TestEvents.review("p-2", 6, NOW)));

    JsonNode body = json(get("/api/products/p-2"));

    assertEquals("REVIEW", body.get("outcome").asText());
    assertEquals(0.6, body.get("review").get("threshold").asDouble());
    assertEquals(3, body.get("review").get("top").size());
  }

  @Test
  void anUnknownProductIsNotFound() throws Exception {
    HttpResponse<String> response = get("/api/products/never-uploaded");
    assertEquals("no tag for product 'never-uploaded' yet", error(response, 404));
  }

  @Test
  void idsArePercentDecodedAsPathsNotForms() throws Exception {
    tags.local.put("shoe/42 +ü", LatestTag.of(TestEvents.tagged("shoe/42 +ü", 7, NOW)));
    tags.local.put("a+b", LatestTag.of(TestEvents.tagged("a+b", 1, NOW)));

    assertEquals(200, get("/api/products/shoe%2F42%20%2B%C3%BC").statusCode());
    assertEquals(200, get("/api/products/a+b").statusCode(), "'+' in a path is a plus");
  }

  @Test
  void anIdOfTheMaximumLengthInCharactersIsAccepted() throws Exception {
    error(get("/api/products/" + "x".repeat(ProductEndpoint.MAX_ID_LENGTH)), 404);
    // 256 characters of two UTF-8 bytes each: the limit counts characters, not bytes.
    error(get("/api/products/" + "%C3%BC".repeat(ProductEndpoint.MAX_ID_LENGTH)), 404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/products/",
        "/api/products/%00",
        "/api/products/p%0A1",
        "/api/products/p%7F",
        "/api/products/p%C2%85",
      })
  void badIdsAreRefused(String path) throws Exception {
    assertTrue(error(get(path), 400).startsWith("product id "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/products/%ZZ", "/api/products/p%4", "/api/review?limit=%ZZ"})
  void malformedPercentEncodingIsRefusedBeforeItReachesTheApi(String target) throws Exception {
    // No HTTP client sends these (java.net.URI refuses them); a raw socket can.
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket
          .getOutputStream()
          .write(
              ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String statusLine =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
              .lines()
              .findFirst()
              .orElseThrow();
      assertTrue(statusLine.startsWith("HTTP/1.1 400 "), statusLine);
    }
  }

  @Test
  void anIdLongerThanTheMaximumIsRefused() throws Exception {
    String message =
        error(get("/api/products/" + "x".repeat(ProductEndpoint.MAX_ID_LENGTH + 1)), 400);
    assertEquals("product id is longer than 256 characters", message);
  }

  @Test
  void aProductHeldByAnotherInstanceIsAnsweredThroughIt() throws Exception {
    FakeLatestTags otherTags = new FakeLatestTags();
    TaggerHttpServer other = serve(otherTags, statistics);
    HostInfo otherHost = new HostInfo("127.0.0.1", other.port());
    otherTags.local.put("p-far", LatestTag.of(TestEvents.tagged("p-far", 3, NOW)));
    tags.remote.put("p-far", otherHost);
    tags.remote.put("p-far-unknown", otherHost);

    HttpResponse<String> forwarded = get("/api/products/p-far");
    HttpResponse<String> direct = request(other, "GET", "/api/products/p-far");

    assertEquals(200, forwarded.statusCode());
    assertEquals(direct.body(), forwarded.body());
    assertEquals(
        "127.0.0.1:" + other.port(),
        forwarded.headers().firstValue(ProductEndpoint.SERVED_BY).orElseThrow());
    HttpResponse<String> unknown = get("/api/products/p-far-unknown");
    assertEquals("no tag for product 'p-far-unknown' yet", error(unknown, 404));
    assertEquals(
        "127.0.0.1:" + other.port(),
        unknown.headers().firstValue(ProductEndpoint.SERVED_BY).orElseThrow());
  }

  @Test
  void aForwardedRequestIsNeverForwardedAgain() throws Exception {
    FakeLatestTags otherTags = new FakeLatestTags();
    TaggerHttpServer other = serve(otherTags, statistics);
    // Mid-rebalance, each instance believes the other holds the key.
    tags.remote.put("p-moving", new HostInfo("127.0.0.1", other.port()));
    otherTags.remote.put("p-moving", new HostInfo("127.0.0.1", server.port()));

    String message = error(get("/api/products/p-moving"), 503);
    assertTrue(message.contains("moving"), message);
  }

  @Test
  void anInstanceThatDoesNotAnswerMakesTheProductUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    tags.remote.put("p-lost", new HostInfo("127.0.0.1", closedPort));

    String message = error(get("/api/products/p-lost"), 503);
    assertEquals(
        "instance 127.0.0.1:" + closedPort + " holds the product but did not answer", message);
  }

  @Test
  void aStoreThatIsNotQueryableMakesProductsUnavailable() throws Exception {
    tags.failure = HttpError.unavailable("rebalancing");
    assertEquals("rebalancing", error(get("/api/products/p-1"), 503));
  }

  @Test
  void aBugIsA500WithoutItsDetails() throws Exception {
    tags.failure = new IllegalStateException("secret internals");
    String message = error(get("/api/products/p-1"), 500);
    assertFalse(message.contains("secret"), message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api",
        "/api/",
        "/api/products",
        "/api/stats/",
        "/api/statsx",
        "/api/products/a/b",
        "/index.html",
        "/favicon.ico",
        "/vendor/",
        "/dashboard.js.map"
      })
  void unknownPathsAreNotFound(String path) throws Exception {
    assertTrue(error(get(path), 404).startsWith("no such path"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "POST /api/stats",
        "PUT /api/products/p-1",
        "DELETE /api/products/p-1",
        "POST /api/review",
        "PATCH /metrics",
        "POST /health",
        "POST /ready",
        "DELETE /",
        "PUT /dashboard.js"
      })
  void methodsOtherThanGetAreNotAllowed(String request) throws Exception {
    String[] parts = request.split(" ");
    HttpResponse<String> response = request(server, parts[0], parts[1]);
    assertTrue(error(response, 405).startsWith("method " + parts[0] + " is not allowed"));
    assertEquals("GET", response.headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void headIsNotAllowedEither() throws Exception {
    HttpResponse<String> response = request(server, "HEAD", "/health");
    assertEquals(405, response.statusCode());
    assertEquals("GET", response.headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void aWrongMethodOnAnUnknownPathIsNotFound() throws Exception {
    error(request(server, "POST", "/nothing-here"), 404);
  }

  @Test
  void statsAnswerWithTheStatisticsSnapshot() throws Exception {
    statistics.recordTagged(TestEvents.tagged("p-1", 7, NOW), NOW.toEpochMilli() - 40);
    statistics.recordReview(
        TestEvents.review("p-2", 9, NOW), NOW.toEpochMilli(), new ModelInput(new byte[784]));
    statistics.recordRejection(RejectionReason.MALFORMED_JSON);

    JsonNode stats = json(get("/api/stats"));

    JsonNode sinceStart = stats.get("windows").get(3);
    assertEquals("sinceStart", sinceStart.get("name").asText());
    assertEquals(2, sinceStart.get("outputs").asLong());
    assertEquals(0.5, sinceStart.get("reviewRate").asDouble());
    assertEquals(1, sinceStart.get("categories").get(7).get("tagged").asLong());
    assertEquals(1, stats.get("rejections").get("byReason").get("MALFORMED_JSON").asLong());
    assertEquals(40, stats.get("latencyMillis").get(1).get("max").asLong());
    assertEquals(NOW.toString(), stats.get("generatedAt").asText());
    assertFalse(stats.has("model"), "no model is serving");
  }

  @Test
  void reviewAnswersTheNewestItemsUpToTheLimit() throws Exception {
    for (int i = 0; i < TaggerStatistics.REVIEW_ITEMS_KEPT + 3; i++) {
      statistics.recordReview(
          TestEvents.review("p-" + i, i % 10, NOW),
          NOW.toEpochMilli(),
          new ModelInput(new byte[784]));
    }

    JsonNode all = json(get("/api/review"));
    assertEquals(TaggerStatistics.REVIEW_ITEMS_KEPT, all.size());
    assertEquals("p-22", all.get(0).get("productId").asText());
    assertTrue(all.get(0).get("thumbnail").asText().startsWith("data:image/png;base64,"));
    assertEquals(3, all.get(0).get("top").size());
    assertEquals(2, json(get("/api/review?limit=2")).size());
    assertEquals(1, json(get("/api/review?limit=%31")).size());
    assertEquals(
        TaggerStatistics.REVIEW_ITEMS_KEPT,
        json(get("/api/review?limit=" + TaggerStatistics.REVIEW_ITEMS_KEPT)).size());
    assertEquals(
        3, json(get("/api/review?other=x&limit=3")).size(), "other parameters are ignored");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "limit=0",
        "limit=-1",
        "limit=21",
        "limit=abc",
        "limit=",
        "limit",
        "limit=1.5",
        "limit=+3",
        "limit=%203",
        "limit=99999999999",
        "limit=1&limit=2"
      })
  void badLimitsAreRefused(String query) throws Exception {
    String message = error(get("/api/review?" + query), 400);
    assertTrue(message.startsWith("limit "), message);
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    statistics.recordTagged(TestEvents.tagged("p-1", 8, NOW), NOW.toEpochMilli() - 20);
    statistics.recordRejection(RejectionReason.DUPLICATE_EVENT);

    HttpResponse<String> response = get("/metrics");

    assertEquals(200, response.statusCode());
    assertEquals(
        "text/plain; version=0.0.4; charset=utf-8",
        response.headers().firstValue("Content-Type").orElseThrow());
    PrometheusText metrics = PrometheusText.parse(response.body());
    assertEquals(1.0, metrics.value("tagger_uploads_tagged_total", "category", "Bag"));
    assertEquals(1.0, metrics.value("tagger_uploads_rejected_total", "reason", "DUPLICATE_EVENT"));
    assertEquals(1.0, metrics.value("tagger_upload_to_tag_latency_seconds_count"));
  }

  @Test
  void metricsCountReviewersDecisionsAndTheShadowsAnswers() throws Exception {
    ModelRef shadow = new ModelRef("candidate", 2, "1".repeat(64));
    statistics.recordShadowComparison(shadow, TestEvents.MODEL, 3, 3);
    statistics.recordShadowComparison(shadow, TestEvents.MODEL, 4, 3);
    statistics.recordShadowDecision(shadow, 3, 3, 4);
    statistics.recordDecision(
        TagDecided.category(
            "event-p-1", "p-1", new Category(3, "Dress"), "alice", NOW, TestEvents.MODEL));

    PrometheusText metrics = PrometheusText.parse(get("/metrics").body());

    assertEquals(2.0, metrics.value("tagger_shadow_compared_total"));
    assertEquals(1.0, metrics.value("tagger_shadow_agreed_total"));
    assertEquals(1.0, metrics.value("tagger_shadow_decided_total", "category", "Dress"));
    assertEquals(
        1.0,
        metrics.value(
            "tagger_shadow_decided_correct_total", "role", "serving", "category", "Dress"));
    assertEquals(
        0.0,
        metrics.value(
            "tagger_shadow_decided_correct_total", "role", "shadow", "category", "Dress"));
    assertEquals(1.0, metrics.value("tagger_reviews_decided_total", "category", "Dress"));
    JsonNode stats = json(get("/api/stats"));
    assertEquals(0.5, stats.get("shadow").get("agreement").asDouble());
    assertEquals(1, stats.get("reviewDecisions").get("tagged").asInt());
  }

  @Test
  void healthIsUpWhileTheProcessIsEvenWhenNotReady() throws Exception {
    notReady = Optional.of("Kafka Streams is REBALANCING");
    HttpResponse<String> response = get("/health");
    assertEquals(200, response.statusCode());
    assertEquals("UP", json(response).get("status").asText());
  }

  @Test
  void readyIs503WithTheReasonUntilReady() throws Exception {
    notReady = Optional.of("Kafka Streams is REBALANCING; no model is serving yet");
    assertEquals(
        "not ready: Kafka Streams is REBALANCING; no model is serving yet",
        error(get("/ready"), 503));

    notReady = Optional.empty();
    HttpResponse<String> ready = get("/ready");
    assertEquals(200, ready.statusCode());
    assertEquals("READY", json(ready).get("status").asText());
  }

  @Test
  void theDashboardAndItsFilesAreServed() throws Exception {
    HttpResponse<String> page = get("/");
    assertEquals(200, page.statusCode());
    assertEquals(
        "text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(page.body().contains("<script src=\"dashboard.js\""), page.body());
    assertTrue(page.body().contains("vendor/chart.umd.min.js"));

    assertEquals(
        "text/css; charset=utf-8",
        get("/dashboard.css").headers().firstValue("Content-Type").orElseThrow());
    assertTrue(get("/dashboard.js").body().contains("api/stats"));
    String chartJs = get("/vendor/chart.umd.min.js").body();
    assertTrue(
        chartJs.startsWith("/*!\n * Chart.js v4.")
            && chartJs.contains("Released under the MIT License"),
        "the vendored Chart.js keeps its licence header");
  }

  @Test
  void anAddressCanBeBoundBeforeTheAppIsKnownButServedOnlyOnce() throws Exception {
    TaggerHttpServer bound =
        TaggerHttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    servers.add(bound);
    assertTrue(bound.port() > 0, "port 0 picks a free port at once");
    assertEquals(URI.create("http://127.0.0.1:" + bound.port() + "/"), bound.uri());
    Router router = Router.of(tags, () -> notReady, statistics, "self", ApiClient.noReviews());
    bound.serve(router);
    assertEquals(200, request(bound, "GET", "/health").statusCode());
    assertThrows(IllegalStateException.class, () -> bound.serve(router));
  }
}
