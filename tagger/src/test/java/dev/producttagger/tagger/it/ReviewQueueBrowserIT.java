package dev.producttagger.tagger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.producttagger.dataset.LabelledImages;
import dev.producttagger.kafka.embedded.EmbeddedKafkaBroker;
import dev.producttagger.kafka.embedded.EmbeddedKafkaConfig;
import dev.producttagger.kafka.topics.ProductTopics;
import dev.producttagger.tagger.app.TaggerApp;
import dev.producttagger.tagger.http.TaggerHttpServer;
import dev.producttagger.tagger.review.Reviewers;
import dev.producttagger.tagger.topology.TaggerSettings;
import dev.producttagger.tagger.topology.TaggerStreamsConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A reviewer's session in headless Chromium against a tagger on a real broker: a wrong token is
 * refused, the reviewer signs in, decides the first request by keyboard (its category's digit, then
 * Enter), skips one, rejects one, and sees the queue shrink; the products' tags change through the
 * topology (a person's tag, a rejection); an anonymous write is refused.
 */
class ReviewQueueBrowserIT {

  private static final int UPLOADS = 4;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path work;

  @Test
  void aReviewerDecidesByKeyboardAndTheProductsTagChanges() throws Exception {
    Path chromium = Browsers.chromium();
    Path chromedriver = Browsers.chromedriver();
    LabelledImages images = FashionMnistTestSet.load();
    String token = Reviewers.newToken(new SecureRandom());
    Path reviewersFile =
        Files.writeString(
            work.resolve("reviewers"), Reviewers.line("alice", token, new SecureRandom()) + "\n");
    // A threshold no prediction reaches: every upload waits for a reviewer.
    TaggerSettings settings =
        TaggerSettings.defaults().withBatch(4, Duration.ofMillis(50)).withThreshold(1.0);

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.temporary())) {
      broker.createTopics(ProductTopics.all(2));
      FixtureModel.publish(broker);
      Map<String, Integer> labels = new HashMap<>();
      // Bound first: the app advertises its port (application.server) for product lookups.
      TaggerHttpServer http =
          TaggerHttpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Properties props =
          TaggerStreamsConfig.properties(
              broker.clientConfigs(), "review-queue", true, 1, work.resolve("state"), settings);
      props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + http.port());
      try (http;
          TaggerApp app = TaggerApp.start(props, settings, InProcessTagger.unsignedRegistry());
          UploadProducer uploads =
              new UploadProducer(broker.clientConfigs(), settings.uploadsTopic());
          OutputTopics outputs = new OutputTopics(broker.clientConfigs(), settings)) {
        for (int i = 0; i < UPLOADS; i++) {
          uploads.sendValid("product-" + i, images.image(i));
          labels.put("product-" + i, images.label(i));
        }
        uploads.flush();
        assertEquals(UPLOADS, outputs.awaitAtLeast(UPLOADS, WAIT).size());

        http.serve(app, Reviewers.read(reviewersFile));
        WebDriver browser = chromium(chromium, chromedriver);
        try {
          browser.get(http.uri().resolve("review").toString());
          WebDriverWait wait = new WebDriverWait(browser, WAIT);
          wait.withMessage(
              () ->
                  "pending "
                      + text(browser, "pending-count")
                      + ", status '"
                      + text(browser, "status")
                      + "', sign-in error '"
                      + text(browser, "sign-in-error")
                      + "'");

          signIn(browser, "alice", "not-the-token");
          wait.until(b -> !text(b, "sign-in-error").isEmpty());
          assertTrue(text(browser, "sign-in-error").contains("sign in as a reviewer"));

          signIn(browser, "alice", token);
          wait.until(b -> text(b, "pending-count").equals(Integer.toString(UPLOADS)));
          assertEquals("signed in as alice", text(browser, "reviewer"));

          // The original upload, fetched from the uploads topic (28x28 gray8 here), is shown too.
          wait.until(
              b ->
                  Long.valueOf(28)
                      .equals(
                          ((JavascriptExecutor) b)
                              .executeScript(
                                  "return document.getElementById('item-photo').naturalWidth")));
          String first = text(browser, "item-product");
          int label = labels.get(first);
          keys(browser, Integer.toString((label + 1) % 10), Keys.ENTER);
          wait.until(b -> text(b, "status").startsWith("decided " + first));
          assertEquals(Integer.toString(UPLOADS - 1), text(browser, "pending-count"));

          String skipped = text(browser, "item-product");
          keys(browser, "s");
          String rejected = text(browser, "item-product");
          assertNotEquals(skipped, rejected, "s shows the next request");
          keys(browser, "x");
          wait.until(b -> text(b, "status").equals("decided " + rejected + ": rejected"));
          // The queue as the tagger now reports it: two decided, two pending, after a refresh.
          browser.navigate().refresh();
          wait.until(b -> text(b, "pending-count").equals(Integer.toString(UPLOADS - 2)));

          JsonNode tagged = awaitOutcome(http.uri(), first, "TAGGED");
          assertEquals(label, tagged.get("tagged").get("category").get("index").asInt());
          assertEquals("alice", tagged.get("tagged").get("decidedBy").get("reviewerId").asText());
          JsonNode rejection = awaitOutcome(http.uri(), rejected, "REJECTED");
          assertEquals(
              "not a fashion item", rejection.get("rejection").get("rejectReason").asText());
          assertEquals("REVIEW", product(http.uri(), skipped).get("outcome").asText());
        } finally {
          browser.quit();
        }

        HttpResponse<String> anonymous =
            CLIENT.send(
                HttpRequest.newBuilder(http.uri().resolve("api/reviews/decisions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
      }
    }
  }

  private WebDriver chromium(Path chromium, Path chromedriver) throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // As the machine's own probe starts it: no network beyond localhost, a fresh profile.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile")));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private static void signIn(WebDriver browser, String id, String token) {
    browser.findElement(By.id("reviewer-id")).clear();
    browser.findElement(By.id("reviewer-id")).sendKeys(id);
    browser.findElement(By.id("reviewer-token")).clear();
    browser.findElement(By.id("reviewer-token")).sendKeys(token, Keys.ENTER);
  }

  /** Keys as a reviewer types them, to the page rather than to a form field. */
  private static void keys(WebDriver browser, CharSequence... keys) {
    new org.openqa.selenium.interactions.Actions(browser).sendKeys(keys).perform();
  }

  private static String text(WebDriver browser, String testId) {
    return browser.findElement(By.cssSelector("[data-testid='" + testId + "']")).getText().strip();
  }

  private static JsonNode product(URI server, String productId) throws Exception {
    HttpResponse<String> answer =
        CLIENT.send(
            HttpRequest.newBuilder(server.resolve("api/products/" + productId)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return JSON.readTree(answer.body());
  }

  private static JsonNode awaitOutcome(URI server, String productId, String outcome)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode latest = product(server, productId);
    while (!latest.get("outcome").asText().equals(outcome) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      latest = product(server, productId);
    }
    assertEquals(outcome, latest.get("outcome").asText(), latest.toString());
    return latest;
  }
}
