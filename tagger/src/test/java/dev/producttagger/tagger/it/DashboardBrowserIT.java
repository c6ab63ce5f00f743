package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.modeltopic.ModelTopic;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.runtime.TestModels;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.http.TaggerHttpServer;
import dev.producttagger.tagger.registry.ModelRegistry;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a browser renders it: Debian's headless Chromium loads the page from a tagger
 * that has tagged real images, runs its polling script in virtual time, and dumps the DOM. Every
 * number it shows (found by data-testid) must equal {@code /api/stats} and {@code /api/review} read
 * after processing stopped. Skipped without Chromium, except in CI ({@code CI=true}), where its
 * absence fails the build.
 */
class DashboardBrowserIT {

  private static final int UPLOADS = 60;
  private static final int MALFORMED = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void theRenderedDashboardShowsWhatTheApiReports() throws Exception {
    Path chromium = Browsers.chromium();
    LabelledImages images = FashionMnistTestSet.load();
    // A high threshold sends a good share to review, so the review list has items to compare.
    TaggerSettings settings =
        TaggerSettings.defaults().withBatch(16, Duration.ofMillis(50)).withThreshold(0.9);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(2));
      FixtureModel.publish(broker);
      // A shadow beside it, so the page shows the comparison too.
      TestCluster.publishModel(
          broker,
          ModelTopic.SHADOW_KEY,
          TestModels.tinyBundle("candidate", 2, 3).toBytes(Optional.empty()));
      ModelRegistry registry = ModelRegistry.forFashionMnist(Optional.empty());
      try (TaggerApp app =
              TaggerApp.start(
                  TaggerStreamsConfig.properties(
                      broker.clientConfigs(),
                      "dashboard",
                      true,
                      1,
                      work.resolve("state"),
                      settings),
                  settings,
                  registry);
          UploadProducer uploads =
              new UploadProducer(broker.clientConfigs(), settings.uploadsTopic());
          OutputTopics outputs = new OutputTopics(broker.clientConfigs(), settings)) {
        for (int i = 0; i < UPLOADS; i++) {
          uploads.sendValid("product-" + i, images.image(i));
        }
        for (int i = 0; i < MALFORMED; i++) {
          uploads.sendMalformed("broken-" + i);
        }
        uploads.flush();
        assertEquals(
            UPLOADS + MALFORMED,
            outputs.awaitAtLeast(UPLOADS + MALFORMED, Duration.ofMinutes(2)).size());

        try (TaggerHttpServer http =
            TaggerHttpServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), app)) {
          Document page = Jsoup.parse(render(chromium, http.uri()));
          JsonNode stats = get(http, "api/stats");
          JsonNode reviewItems = get(http, "api/review");

          assertEquals("live", page.getElementById("connection").text(), page.html());
          JsonNode sinceStart = stats.get("windows").get(3);
          assertEquals(UPLOADS, sinceStart.get("outputs").asInt(), "every upload was counted");
          assertTrue(sinceStart.get("review").asInt() > 0, "some uploads went to review");
          assertTotals(page, sinceStart);
          assertLatency(page, stats.get("latencyMillis").get(1));
          assertRejections(page, stats);
          assertModel(page, stats.get("model"));
          assertShadow(page, stats.get("shadow"));
          assertReviewItems(page, reviewItems);
        }
      }
    }
  }

  private static void assertTotals(Document page, JsonNode sinceStart) {
    assertShown(page, "total-outputs", count(sinceStart.get("outputs")));
    assertShown(page, "total-tagged", count(sinceStart.get("tagged")));
    assertShown(page, "total-review", count(sinceStart.get("review")));
    assertShown(page, "total-review-rate", percent(sinceStart.get("reviewRate")));
    assertShown(page, "window-sinceStart-outputs", count(sinceStart.get("outputs")));
    assertShown(page, "window-sinceStart-review", count(sinceStart.get("review")));
    assertShown(page, "window-sinceStart-review-rate", percent(sinceStart.get("reviewRate")));
    for (JsonNode category : sinceStart.get("categories")) {
      assertShown(
          page,
          "window-sinceStart-category-" + category.get("index").asInt(),
          count(category.get("outputs")));
    }
  }

  private static void assertLatency(Document page, JsonNode sinceStart) {
    assertEquals("sinceStart", sinceStart.get("name").asText());
    assertEquals(UPLOADS, sinceStart.get("count").asInt());
    for (String field : List.of("count", "p50", "p90", "p99", "max")) {
      assertShown(page, "latency-sinceStart-" + field, count(sinceStart.get(field)));
    }
  }

  private static void assertRejections(Document page, JsonNode stats) {
    JsonNode rejections = stats.get("rejections");
    assertEquals(MALFORMED, rejections.get("total").asInt());
    assertShown(page, "rejections-total", count(rejections.get("total")));
    rejections
        .get("byReason")
        .fields()
        .forEachRemaining(
            reason -> assertShown(page, "rejections-" + reason.getKey(), count(reason.getValue())));
    assertShown(page, "bundles-accepted", count(stats.get("modelBundles").get("accepted")));
  }

  private static void assertShadow(Document page, JsonNode shadow) {
    assertEquals(UPLOADS, shadow.get("compared").asInt(), "the shadow saw every batch");
    assertShown(page, "shadow-name", "candidate v2");
    assertShown(page, "shadow-compared", count(shadow.get("compared")));
    assertShown(page, "shadow-agreement", percent(shadow.get("agreement")));
    assertShown(page, "shadow-decided", "0");
    assertShown(page, "shadow-serving-accuracy", "–");
  }

  private static void assertModel(Document page, JsonNode model) {
    assertShown(page, "model-name", model.get("name").asText());
    assertShown(page, "model-version", count(model.get("version")));
    assertShown(page, "model-sha256", model.get("sha256").asText());
    assertShown(page, "model-test-accuracy", fixed(model.get("testAccuracy").asDouble() * 100, 2));
    assertShown(
        page,
        "model-validation-accuracy",
        model.has("validationAccuracy")
            ? fixed(model.get("validationAccuracy").asDouble() * 100, 2)
            : "–");
    assertShown(
        page,
        "model-review-threshold",
        model.has("reviewThreshold") ? fixed(model.get("reviewThreshold").asDouble(), 3) : "–");
    JsonNode perClass = model.get("perClass");
    assertEquals(10, perClass.size());
    for (int i = 0; i < perClass.size(); i++) {
      for (String field : List.of("precision", "recall", "f1")) {
        assertShown(
            page,
            "model-class-" + i + "-" + field,
            fixed(perClass.get(i).get(field).asDouble(), 3));
      }
      assertShown(page, "model-class-" + i + "-support", count(perClass.get(i).get("support")));
    }
  }

  private static void assertReviewItems(Document page, JsonNode items) {
    List<Element> shown = page.select("[data-testid=review-item]");
    assertEquals(items.size(), shown.size());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      Element element = shown.get(i);
      assertEquals(item.get("productId").asText(), testId(element, "review-item-product").text());
      assertEquals(
          item.get("thumbnail").asText(), testId(element, "review-item-thumbnail").attr("src"));
      assertEquals(
          percent(item.get("confidence")), testId(element, "review-item-confidence").text());
      List<String> guesses =
          element.select("[data-testid=review-item-guess-name]").stream()
              .map(Element::text)
              .toList();
      List<String> expected = item.get("top").findValuesAsText("name");
      assertEquals(expected, guesses);
    }
  }

  private static void assertShown(Document page, String testId, String expected) {
    assertEquals(expected, testId(page, testId).text(), testId);
  }

  private static Element testId(Element scope, String testId) {
    Element found = scope.selectFirst("[data-testid=\"" + testId + "\"]");
    assertNotNull(found, "no element with data-testid " + testId);
    return found;
  }

  // The dashboard's number formats (dashboard.js `format`): JavaScript's toFixed rounds the exact
  // binary value half up, which BigDecimal of the double reproduces.

  private static String count(JsonNode number) {
    return Long.toString(number.asLong());
  }

  private static String percent(JsonNode ratio) {
    return fixed(ratio.asDouble() * 100, 1);
  }

  private static String fixed(double value, int decimals) {
    return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
  }

  private JsonNode get(TaggerHttpServer http, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(http.uri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  /** The page's DOM after eight seconds of virtual time: about eight polls of the API. */
  private String render(Path chromium, URI page) throws Exception {
    Path dom = work.resolve("dom.html");
    Path log = work.resolve("chromium.log");
    Process browser =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + work.resolve("chromium-profile"),
                "--virtual-time-budget=8000",
                "--dump-dom",
                page.toString())
            .redirectOutput(dom.toFile())
            .redirectError(log.toFile())
            .start();
    if (!browser.waitFor(2, TimeUnit.MINUTES)) {
      browser.destroyForcibly();
      fail("chromium did not finish within 2 minutes:\n" + read(log));
    }
    assertEquals(0, browser.exitValue(), () -> "chromium failed:\n" + read(log));
    return Files.readString(dom, StandardCharsets.UTF_8);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
